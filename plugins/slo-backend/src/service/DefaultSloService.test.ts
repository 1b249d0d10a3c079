import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { ConfigReader } from '@backstage/config';
import { readSloSettings, SloSettings } from '../config';
import {
  BURNING,
  NOW,
  entity,
  fakeDefinitions,
  slo,
} from '../__testUtils__/fakes';
import { DefaultSloService } from './DefaultSloService';
import { PrometheusClient } from './PrometheusClient';

const REF = 'component:default/checkout-api';

/** A Prometheus HTTP API answering the recording-rule lookup with BURNING. */
const fetchImpl = (async (_url: string, init: RequestInit) => {
  const query = new URLSearchParams(String(init.body)).get('query') ?? '';
  const result = query.startsWith('{__name__=~')
    ? Object.entries(BURNING).map(([w, v]) => ({
        metric: { __name__: `slo:sli_error:ratio_rate${w}`, slo: slo().name },
        value: [NOW, String(v)],
      }))
    : [];
  return new Response(
    JSON.stringify({
      status: 'success',
      data: { resultType: 'vector', result },
    }),
  );
}) as unknown as typeof fetch;

function service(overrides: Partial<SloSettings> = {}) {
  const catalog = {
    getEntityByRef: jest.fn(async (ref: string) =>
      ref === REF ? entity() : undefined,
    ),
    getEntities: jest.fn(async () => ({ items: [entity()] })),
  };
  const health: Array<[string, boolean]> = [];
  const subject = new DefaultSloService({
    settings: {
      ...readSloSettings(new ConfigReader({})),
      sources: [
        {
          client: new PrometheusClient({
            name: 'main',
            url: 'http://prom',
            fetchImpl,
          }),
          environments: ['production'],
        },
      ],
      cacheTtlMs: 30_000,
      sampleData: true,
      ...overrides,
    },
    definitions: fakeDefinitions({
      [REF]: { sloRef: './slo.yaml', slos: [slo()], issues: [] },
    }),
    catalog,
    logger: mockServices.logger.mock(),
    clock: () => NOW,
    onSourceHealth: (source, up) => health.push([source, up]),
  });
  return { subject, catalog, health };
}

describe('DefaultSloService', () => {
  const credentials = mockCredentials.user();

  it('answers settings and validates environments', () => {
    const { subject } = service();
    expect(subject.sampleData).toBe(true);
    expect(subject.environment(undefined)).toBe('production');
    expect(() => subject.environment('qa')).toThrow(InputError);
  });

  it('wires every use case to the catalog, the definitions and Prometheus', async () => {
    const { subject, catalog, health } = service();
    const entitySlos = await subject.entitySlos(REF, 'production', credentials);
    expect(entitySlos.slos[0].remaining).toBeCloseTo(0.7, 9);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(REF, { credentials });

    const list = await subject.listSlos('production', credentials);
    expect(list.items.map(s => s.name)).toEqual([slo().name]);

    const detail = await subject.sloDetail(
      REF,
      slo().name,
      'production',
      credentials,
    );
    expect(detail.history.at(-1)).toEqual({
      t: NOW,
      remaining: expect.closeTo(0.7, 9),
    });

    const team = await subject.teamCompliance(
      'team-checkout',
      2,
      'production',
      credentials,
    );
    expect(team).toMatchObject({
      team: 'group:default/team-checkout',
      months: ['2026-10', '2026-11'],
    });

    const gate = await subject.gate(REF, 'production', credentials);
    expect(gate.decision).toBe('deny');
    expect(health.every(([source, up]) => source === 'main' && up)).toBe(true);
  });

  it('caches figures across use cases for the TTL', async () => {
    const { subject } = service();
    const spy = jest.spyOn(PrometheusClient.prototype, 'query');
    await subject.entitySlos(REF, 'production', credentials);
    await subject.gate(REF, 'production', credentials);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
