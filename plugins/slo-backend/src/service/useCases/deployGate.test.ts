import { mockCredentials } from '@backstage/backend-test-utils';
import { EntitySlosResponse, SloSummary } from '@runway/plugin-slo-common';
import {
  BURNING,
  FakePrometheus,
  entity,
  fakeCatalog,
  fakeDefinitions,
  fakeEvaluation,
  slo,
} from '../../__testUtils__/fakes';
import { DeployGate, gateDecision } from './deployGate';
import { EntitySlos } from './entitySlos';

const GATE = {
  minRemainingBudget: 0.25,
  denyOnFastBurn: true,
  failOpen: false,
  allowWithoutSlos: false,
};

const summary = (part: Partial<SloSummary>): SloSummary => ({
  entityRef: 'component:default/a',
  name: 'a-availability',
  service: 'a',
  objective: 0.999,
  window: '30d',
  sliType: 'ratio',
  alerts: { page: false, ticket: false },
  status: 'healthy',
  evaluatedAt: '2026-11-27T16:30:00.000Z',
  ...part,
});

const result = (part: Partial<EntitySlosResponse>): EntitySlosResponse => ({
  entityRef: 'component:default/a',
  sloRef: './slo.yaml',
  slos: [],
  issues: [],
  errors: [],
  ...part,
});

describe('gateDecision', () => {
  it('allows with enough budget, saying how much is left', () => {
    expect(
      gateDecision(
        result({ slos: [summary({ remaining: 0.8 })] }),
        'production',
        GATE,
      ),
    ).toEqual({
      decision: 'allow',
      reasons: [
        'a-availability: 80.0 % of the error budget left in production',
      ],
    });
  });

  it('denies below the minimum budget, overspent budgets shown as 0 %', () => {
    const { decision, reasons } = gateDecision(
      result({ slos: [summary({ remaining: -0.5 })] }),
      'staging',
      GATE,
    );
    expect(decision).toBe('deny');
    expect(reasons).toEqual([
      'a-availability: 0.0 % of the error budget left in staging, below the 25.0 % minimum',
    ]);
  });

  it('denies on a page-level burn unless told not to', () => {
    const burning = result({
      slos: [
        summary({ remaining: 0.9, alerts: { page: true, ticket: false } }),
      ],
    });
    const denied = gateDecision(burning, 'production', GATE);
    expect(denied.decision).toBe('deny');
    expect(denied.reasons[1]).toBe(
      'a-availability: the error budget is burning fast (page-level burn rate) in production',
    );
    expect(
      gateDecision(burning, 'production', { ...GATE, denyOnFastBurn: false })
        .decision,
    ).toBe('allow');
  });

  it('denies what cannot be evaluated or an invalid file, unless failing open', () => {
    const unknown = result({
      issues: [{ path: 'documents[0].kind', message: 'unknown kind' }],
      slos: [summary({ remaining: undefined, error: 'main: unreachable' })],
    });
    const closed = gateDecision(unknown, 'production', GATE);
    expect(closed).toEqual({
      decision: 'deny',
      reasons: [
        'the SLO file ./slo.yaml is invalid: documents[0].kind: unknown kind',
        'a-availability: could not be evaluated in production (main: unreachable)',
      ],
    });
    expect(
      gateDecision(unknown, 'production', { ...GATE, failOpen: true }).decision,
    ).toBe('allow');
  });

  it('denies an entity without SLOs, saying so', () => {
    expect(
      gateDecision(result({ sloRef: undefined }), 'production', GATE),
    ).toEqual({
      decision: 'deny',
      reasons: [
        'component:default/a declares no SLOs (no runway.io/slo-ref annotation); slo.gate.allowWithoutSlos is off',
      ],
    });
  });

  it('denies a file with no SLOs, even failing open when every SLO was refused', () => {
    expect(gateDecision(result({}), 'production', GATE)).toEqual({
      decision: 'deny',
      reasons: [
        'the SLO file ./slo.yaml defines no SLOs that can be evaluated',
      ],
    });
    const refused = result({
      issues: [
        {
          path: 'a-availability: sli.raw.error_ratio_query',
          message: 'the selector up does not select service="a"',
        },
      ],
    });
    expect(
      gateDecision(refused, 'production', { ...GATE, failOpen: true }),
    ).toEqual({
      decision: 'deny',
      reasons: [
        'the SLO file ./slo.yaml is invalid: a-availability: sli.raw.error_ratio_query: the selector up does not select service="a"',
        'the SLO file ./slo.yaml defines no SLOs that can be evaluated',
      ],
    });
  });

  it('allows an entity without SLOs when slo.gate.allowWithoutSlos is on', () => {
    const open = { ...GATE, allowWithoutSlos: true };
    expect(
      gateDecision(result({ sloRef: undefined }), 'production', open),
    ).toEqual({
      decision: 'allow',
      reasons: [
        'component:default/a declares no SLOs (no runway.io/slo-ref annotation)',
      ],
    });
    expect(gateDecision(result({}), 'production', open).decision).toBe('allow');
  });
});

describe('DeployGate', () => {
  it('decides on the figures of the entity the caller names', async () => {
    const catalog = fakeCatalog([entity()]);
    const prom = new FakePrometheus('main', {
      recorded: { 'checkout-api-availability': BURNING },
    });
    const { evaluator, clock } = fakeEvaluation([prom]);
    const definitions = fakeDefinitions({
      'component:default/checkout-api': {
        sloRef: './slo.yaml',
        slos: [slo()],
        issues: [],
      },
    });
    const gate = new DeployGate({
      entitySlos: new EntitySlos({ catalog, definitions, evaluator, clock }),
      gate: GATE,
    });
    const decision = await gate.decide(
      'component:default/checkout-api',
      'production',
      mockCredentials.service(),
    );
    expect(catalog.calls).toEqual(['entity component:default/checkout-api']);
    expect(decision).toEqual({
      decision: 'deny',
      reasons: [
        'checkout-api-availability: 70.0 % of the error budget left in production',
        'checkout-api-availability: the error budget is burning fast (page-level burn rate) in production',
      ],
    });
  });
});
