import { BURNING, NOW, entity, slo } from '../../__testUtils__/fakes';
import { summarizeSlo } from './summary';
import { Evaluation } from './types';

const { '30d': window, ...alertWindows } = BURNING;

const evaluation = (ratios: Evaluation['ratios']): Evaluation => ({
  source: 'main',
  ratios,
  fromRecordingRules: true,
  evaluatedAt: NOW - 10,
});

describe('summarizeSlo', () => {
  const clock = () => NOW;

  it('computes budget, burn rate, time to exhaustion, alerts and status', () => {
    const summary = summarizeSlo({
      entity: entity(),
      slo: slo(),
      evaluation: evaluation({ ...alertWindows, window }),
      clock,
    });
    expect(summary).toMatchObject({
      entityRef: 'component:default/checkout-api',
      entityTitle: 'checkout-api title',
      owner: 'group:default/team-checkout',
      tier: '1',
      name: 'checkout-api-availability',
      service: 'checkout-api',
      objective: 0.999,
      window: '30d',
      sliType: 'ratio',
      source: 'main',
      alerts: { page: true, ticket: false },
      status: 'warning',
      evaluatedAt: new Date((NOW - 10) * 1000).toISOString(),
      fromRecordingRules: true,
    });
    expect(summary.remaining).toBeCloseTo(0.7, 9);
    expect(summary.consumed).toBeCloseTo(0.3, 9);
    expect(summary.sli).toBeCloseTo(0.9997, 9);
    expect(summary.burnRate).toBeCloseTo(20, 9);
    // 70 % of 30 days at 20x
    expect(summary.timeToExhaustionSeconds).toBeCloseTo(
      (0.7 * 30 * 86400) / 20,
      3,
    );
    expect(summary.error).toBeUndefined();
  });

  it('says never (null) when nothing burns, and healthy', () => {
    const summary = summarizeSlo({
      entity: entity(),
      slo: slo(),
      evaluation: evaluation({ window: 0.0001, '1h': 0 }),
      clock,
    });
    expect(summary.timeToExhaustionSeconds).toBeNull();
    expect(summary.status).toBe('healthy');
  });

  it('is unknown without data for the window', () => {
    const summary = summarizeSlo({
      entity: entity(),
      slo: slo({ window: { type: 'calendar-month', timeZone: 'UTC' } }),
      evaluation: evaluation({ '1h': 0.001 }),
      clock,
    });
    expect(summary).toMatchObject({
      window: 'calendar-month',
      status: 'unknown',
      error: 'no data for this SLO yet',
      remaining: undefined,
      timeToExhaustionSeconds: undefined,
    });
    expect(summary.burnRate).toBeCloseTo(1, 9);
  });

  it('is unknown without an evaluation, dated now, with the reason given', () => {
    const plain = entity();
    delete plain.relations;
    expect(
      summarizeSlo({
        entity: plain,
        slo: slo(),
        evaluation: undefined,
        error: 'main: unreachable',
        clock,
      }),
    ).toMatchObject({
      owner: 'team-checkout',
      status: 'unknown',
      alerts: { page: false, ticket: false },
      evaluatedAt: new Date(NOW * 1000).toISOString(),
      error: 'main: unreachable',
    });
    expect(
      summarizeSlo({ entity: plain, slo: slo(), evaluation: undefined, clock })
        .error,
    ).toBe('no Prometheus source answered');
  });
});
