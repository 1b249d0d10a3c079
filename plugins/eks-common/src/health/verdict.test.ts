import { verdictOf, worst } from './verdict';

describe('verdicts', () => {
  it('worst picks the worst verdict', () => {
    expect(worst(['healthy', 'degraded'])).toBe('degraded');
    expect(worst(['degraded', 'down', 'healthy'])).toBe('down');
    expect(worst([])).toBe('healthy');
  });

  it('verdictOf: any critical reason is down, any warning degraded', () => {
    const warning = { severity: 'warning', code: 'w', message: 'w' } as const;
    const critical = { severity: 'critical', code: 'c', message: 'c' } as const;
    expect(verdictOf([])).toBe('healthy');
    expect(verdictOf([warning])).toBe('degraded');
    expect(verdictOf([warning, critical])).toBe('down');
  });
});
