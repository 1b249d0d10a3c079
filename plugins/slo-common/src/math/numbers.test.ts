import { clean } from './numbers';

describe('clean', () => {
  it('rounds away float noise to 12 significant digits', () => {
    expect(1 - 0.999).not.toBe(0.001);
    expect(clean(1 - 0.999)).toBe(0.001);
    expect(clean((0.02 * 28 * 86400) / 3600)).toBe(13.44);
    expect(clean(2 / 3)).toBe(0.666666666667);
  });
});
