import { compareVersions } from './versions';

describe('compareVersions', () => {
  it('orders numeric parts numerically', () => {
    expect(compareVersions('1.2.0', '1.10.0')).toBeLessThan(0);
    expect(compareVersions('2.0.0', '1.99.99')).toBeGreaterThan(0);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('v1.1.0', '1.1.0')).toBe(0);
  });

  it('puts a pre-release before its release', () => {
    expect(compareVersions('1.1.0-rc.1', '1.1.0')).toBeLessThan(0);
    expect(compareVersions('1.1.0', '1.1.0-rc.1')).toBeGreaterThan(0);
    expect(compareVersions('1.1.0-rc.1', '1.1.0-rc.2')).toBeLessThan(0);
  });

  it('sorts a list newest first', () => {
    expect(
      ['1.0.0', '1.10.0', '1.2.0', '1.2.0-rc.1'].sort((a, b) =>
        compareVersions(b, a),
      ),
    ).toEqual(['1.10.0', '1.2.0', '1.2.0-rc.1', '1.0.0']);
  });
});
