/**
 * Fakes for the SLO backend's unit tests: an in-memory Prometheus, catalog
 * and SLO definitions, and a sample entity and SLO.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  RECORDING_RULE_PREFIX,
  SloDefinition,
} from '@runway/plugin-slo-common';
import { createSloCaches } from '../service/evaluation/caches';
import { PrometheusSources } from '../service/evaluation/PrometheusSources';
import { SloEvaluator } from '../service/evaluation/SloEvaluator';
import {
  MatrixSeries,
  PrometheusApi,
  VectorSample,
} from '../service/PrometheusClient';
import { SloCatalog } from '../service/SloCatalog';
import {
  EntitySloDefinitions,
  SloDefinitionSource,
} from '../service/SloDefinitions';

/** 2026-11-27T16:30:00Z in Unix seconds. */
export const NOW = Date.UTC(2026, 10, 27, 16, 30) / 1000;

/** A component with an owner, a tier and an SLO file. */
export function entity(name = 'checkout-api'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: `${name} title`,
      labels: { 'runway.io/tier': '1' },
      annotations: { 'runway.io/slo-ref': './slo.yaml' },
    },
    spec: { owner: 'team-checkout', type: 'service' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-checkout' }],
  };
}

/** A 99.9 % availability SLO over a rolling 30 days. */
export function slo(overrides: Partial<SloDefinition> = {}): SloDefinition {
  return {
    name: 'checkout-api-availability',
    service: 'checkout-api',
    objective: 0.999,
    window: { type: 'rolling', duration: '30d', seconds: 30 * 86400 },
    sli: {
      type: 'ratio',
      bad: 'http_requests_total{code=~"5.."}',
      total: 'http_requests_total',
    },
    labels: {},
    alerting: { page: true, ticket: true, labels: {}, annotations: {} },
    format: 'openslo/v1',
    ...overrides,
  };
}

/** Error ratios per window: 30 % of a 30-day budget used, a page-level burn. */
export const BURNING: Record<string, number> = {
  '30d': 0.0003,
  '5m': 0.02,
  '30m': 0.02,
  '1h': 0.02,
  '2h': 0.01,
  '6h': 0.005,
  '1d': 0.002,
  '3d': 0.001,
};

/**
 * An in-memory Prometheus: recording-rule series per SLO, answers for raw
 * expressions from `raw`, range answers from `range`; it records every call
 * and fails every call while `down` is set.
 */
export class FakePrometheus implements PrometheusApi {
  readonly queries: Array<{ expr: string; time: number }> = [];
  readonly rangeQueries: Array<{
    expr: string;
    start: number;
    end: number;
    step: number;
  }> = [];
  down: Error | undefined;

  constructor(
    readonly name: string,
    readonly data: {
      /** Recording-rule values per SLO name and window (`5m`, `30d`, ...). */
      recorded?: Record<string, Record<string, number>>;
      /** Value of a raw (non recording-rule) instant query. */
      raw?: (expr: string, time: number) => number | undefined;
      /** Series of a range query. */
      range?: (expr: string) => MatrixSeries[];
    } = {},
  ) {}

  async query(expr: string, time: number): Promise<VectorSample[]> {
    this.queries.push({ expr, time });
    if (this.down) throw this.down;
    if (expr.startsWith('{__name__=~')) {
      const name = /slo="([^"]+)"/.exec(expr)?.[1] ?? '';
      return Object.entries(this.data.recorded?.[name] ?? {}).map(
        ([w, value]) => ({
          labels: { __name__: `${RECORDING_RULE_PREFIX}${w}`, slo: name },
          value,
        }),
      );
    }
    const value = this.data.raw?.(expr, time);
    return value === undefined ? [] : [{ labels: {}, value }];
  }

  async queryRange(
    expr: string,
    start: number,
    end: number,
    step: number,
  ): Promise<MatrixSeries[]> {
    this.rangeQueries.push({ expr, start, end, step });
    if (this.down) throw this.down;
    return this.data.range?.(expr) ?? [];
  }
}

/** SLO definitions per entity ref; entities not listed have none. */
export function fakeDefinitions(
  byEntity: Record<string, EntitySloDefinitions>,
): SloDefinitionSource {
  return {
    read: async e =>
      byEntity[stringifyEntityRef(e)] ?? { slos: [], issues: [] },
  };
}

/** A catalog of `entities`; every lookup is recorded. */
export function fakeCatalog(entities: Entity[]): SloCatalog & {
  calls: string[];
} {
  const calls: string[] = [];
  return {
    calls,
    async entity(ref) {
      calls.push(`entity ${ref}`);
      const found = entities.find(e => stringifyEntityRef(e) === ref);
      if (!found) throw new NotFoundError(`No entity ${ref}`);
      return found;
    },
    async entitiesWithSlos() {
      calls.push('entitiesWithSlos');
      return entities;
    },
    async teamEntitiesWithSlos(teamRef) {
      calls.push(`teamEntitiesWithSlos ${teamRef}`);
      return entities.filter(e =>
        e.relations?.some(r => r.type === 'ownedBy' && r.targetRef === teamRef),
      );
    },
  };
}

/** An evaluator over `sources`, all answering for `production`. */
export function fakeEvaluation(
  sources: PrometheusApi[],
  options: { clock?: () => number; cacheTtlMs?: number } = {},
) {
  const clock = options.clock ?? (() => NOW);
  const health: Array<[string, boolean]> = [];
  const prometheus = new PrometheusSources({
    sources: sources.map(client => ({
      client,
      environments: ['production'],
    })),
    defaultEnvironment: 'production',
    logger: mockServices.logger.mock(),
    onSourceHealth: (source, up) => health.push([source, up]),
  });
  const evaluator = new SloEvaluator({
    sources: prometheus,
    caches: createSloCaches(options.cacheTtlMs ?? 60_000),
    clock,
  });
  return { evaluator, prometheus, health, clock };
}
