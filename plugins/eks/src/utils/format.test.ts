import { age, formatBytes, formatCores, percent, supportLabel } from './format';

describe('format', () => {
  it('formats capacity with units', () => {
    expect(formatCores(11580)).toBe('11.58 cores');
    expect(formatCores(2000)).toBe('2 cores');
    expect(formatBytes(6 * 7224620 * 1024)).toBe('41.3 GiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(percent(2650, 11580)).toBe('23 %');
    expect(percent(1, 0)).toBe('—');
  });

  it('formats data age and version support', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    expect(age('2026-11-27T11:59:20Z', now)).toBe('40 s ago');
    expect(age('2026-11-27T11:00:00Z', now)).toBe('60 min ago');
    expect(age(undefined, now)).toBe('unknown');
    expect(
      supportLabel({
        status: 'standard',
        version: '1.34',
        until: '2026-12-02',
        daysLeft: 5,
      }),
    ).toBe('1.34: standard support until 2026-12-02 (5 days)');
    expect(supportLabel({ status: 'unknown' })).toBe(
      'unknown version: not in the EKS calendar',
    );
  });
});
