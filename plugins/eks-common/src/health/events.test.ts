import { recentWarnings } from './events';

describe('recentWarnings', () => {
  it('keeps only warnings of the last hour, newest first', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    const ev = (reason: string, type: string, at: string) => ({
      metadata: {},
      type,
      reason,
      lastTimestamp: at,
      involvedObject: { kind: 'Pod', name: 'p' },
    });
    expect(
      recentWarnings(
        [
          ev('A', 'Warning', '2026-11-27T11:10:00Z'),
          ev('B', 'Normal', '2026-11-27T11:50:00Z'),
          ev('C', 'Warning', '2026-11-27T10:00:00Z'),
          ev('D', 'Warning', '2026-11-27T11:55:00Z'),
        ],
        now,
      ).map(e => e.reason),
    ).toEqual(['D', 'A']);
  });
});
