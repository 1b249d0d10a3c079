import { EKS_VERSION_CALENDAR, minorVersion, versionSupport } from './versions';
import { cpuMillis, memoryBytes, parseQuantity } from './quantity';

describe('versionSupport', () => {
  it('walks a version through standard, extended and end of support', () => {
    expect(
      versionSupport('v1.31.9-eks-1', new Date('2025-11-01T00:00:00Z')),
    ).toMatchObject({
      version: '1.31',
      status: 'standard',
      until: '2025-11-26',
      daysLeft: 25,
    });
    expect(
      versionSupport('1.31', new Date('2026-11-01T00:00:00Z')),
    ).toMatchObject({ status: 'extended', until: '2026-11-26' });
    expect(
      versionSupport('1.31', new Date('2026-11-27T00:00:00Z')),
    ).toMatchObject({ status: 'end-of-support', daysLeft: -1 });
    expect(versionSupport('v1.99.0', new Date())).toMatchObject({
      status: 'unknown',
      version: '1.99',
    });
    expect(versionSupport(undefined, new Date()).status).toBe('unknown');
  });

  it('has 14 months of standard and 12 of extended support per row, newest first', () => {
    const months = (a: string, b: string) =>
      (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 +
      Number(b.slice(5, 7)) -
      Number(a.slice(5, 7));
    for (const row of EKS_VERSION_CALENDAR) {
      expect(months(row.released, row.endOfStandardSupport)).toBe(14);
      expect(months(row.endOfStandardSupport, row.endOfExtendedSupport)).toBe(
        12,
      );
    }
    const minors = EKS_VERSION_CALENDAR.map(r =>
      Number(r.version.split('.')[1]),
    );
    expect(minors).toEqual([...minors].sort((a, b) => b - a));
  });

  it('parses minor versions', () => {
    expect(minorVersion('v1.34.4')).toBe('1.34');
    expect(minorVersion('garbage')).toBeUndefined();
  });
});

describe('quantities', () => {
  it('parses CPU and memory', () => {
    expect(cpuMillis('250m')).toBe(250);
    expect(cpuMillis('2')).toBe(2000);
    expect(cpuMillis('1k')).toBe(1_000_000);
    expect(memoryBytes('512Mi')).toBe(536870912);
    expect(memoryBytes('7224620Ki')).toBe(7224620 * 1024);
    expect(memoryBytes('1G')).toBe(1e9);
    expect(parseQuantity('bogus')).toBeNaN();
  });
});
