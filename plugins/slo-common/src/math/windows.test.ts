import {
  calendarMonthRange,
  lastCalendarMonths,
  windowLabel,
  windowRange,
  windowSeconds,
} from './windows';

const DAY = 86400;

describe('windows', () => {
  const now = Date.UTC(2026, 10, 27, 16, 30) / 1000;

  it('rolls 7d, 28d and 30d windows back from now', () => {
    for (const days of [7, 28, 30]) {
      expect(
        windowRange(
          { type: 'rolling', duration: `${days}d`, seconds: days * DAY },
          now,
        ),
      ).toEqual({ start: now - days * DAY, end: now });
    }
  });

  it('starts calendar months on the 1st (UTC), including February and year ends', () => {
    expect(
      windowRange({ type: 'calendar-month', timeZone: 'UTC' }, now),
    ).toEqual({
      start: Date.UTC(2026, 10, 1) / 1000,
      end: now,
    });
    const feb = calendarMonthRange(Date.UTC(2028, 1, 15) / 1000);
    expect((feb.end - feb.start) / DAY).toBe(29);
    expect(
      lastCalendarMonths(Date.UTC(2026, 0, 10) / 1000, 3).map(m => m.month),
    ).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(windowSeconds({ type: 'calendar-month', timeZone: 'UTC' })).toBe(
      30 * DAY,
    );
  });

  it('gives each of the last months its whole range, oldest first', () => {
    const [first, second] = lastCalendarMonths(now, 2);
    expect(first).toEqual({
      start: Date.UTC(2026, 9, 1) / 1000,
      end: Date.UTC(2026, 10, 1) / 1000,
      month: '2026-10',
    });
    expect(second.start).toBe(first.end);
  });

  it('labels windows as the shortest duration', () => {
    expect(
      windowSeconds({ type: 'rolling', duration: '28d', seconds: 28 * DAY }),
    ).toBe(28 * DAY);
    expect(windowLabel(30 * DAY)).toBe('30d');
    expect(windowLabel(7 * DAY)).toBe('1w');
  });
});
