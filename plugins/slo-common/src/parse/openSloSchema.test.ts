import { sloDoc, timeWindow } from './openSloSchema';
import { dnsLabelName } from './schemaParts';

describe('OpenSLO schemas', () => {
  it('accepts rolling windows and calendar months only', () => {
    expect(timeWindow.safeParse({ duration: '28d' }).success).toBe(true);
    expect(
      timeWindow.safeParse({ duration: '1M', isRolling: false }).success,
    ).toBe(true);
    expect(timeWindow.safeParse({ duration: '1Q' }).success).toBe(false);
    expect(
      timeWindow.safeParse({ duration: '7d', isRolling: false }).success,
    ).toBe(false);
  });

  it('needs exactly one of indicator and indicatorRef on an SLO', () => {
    const base = {
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: { name: 'svc' },
      spec: {
        service: 'svc',
        timeWindow: [{ duration: '30d' }],
        budgetingMethod: 'Occurrences',
        objectives: [{ target: 0.99 }],
      },
    };
    const result = sloDoc.safeParse(base);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe(
      'exactly one of indicator and indicatorRef is required',
    );
    expect(
      sloDoc.safeParse({ ...base, spec: { ...base.spec, indicatorRef: 'x' } })
        .success,
    ).toBe(true);
  });

  it('names must be DNS labels', () => {
    expect(dnsLabelName.safeParse('checkout-api').success).toBe(true);
    expect(dnsLabelName.safeParse('Checkout_API').success).toBe(false);
  });
});
