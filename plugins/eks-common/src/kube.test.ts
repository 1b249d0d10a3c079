import { selects } from './kube';

describe('selects', () => {
  it('implements matchLabels and matchExpressions', () => {
    expect(selects({ matchLabels: { a: '1' } }, { a: '1', b: '2' })).toBe(true);
    expect(
      selects(
        { matchExpressions: [{ key: 'a', operator: 'In', values: ['2'] }] },
        { a: '1' },
      ),
    ).toBe(false);
    expect(
      selects(
        { matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] },
        { a: '1' },
      ),
    ).toBe(true);
    expect(selects(undefined, { a: '1' })).toBe(false);
  });
});
