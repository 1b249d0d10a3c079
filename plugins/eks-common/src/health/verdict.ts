import { Reason, Verdict } from '../types';

/** The verdict implied by reasons: any critical is down, any warning degraded. */
export function verdictOf(reasons: Reason[]): Verdict {
  if (reasons.some(r => r.severity === 'critical')) return 'down';
  if (reasons.some(r => r.severity === 'warning')) return 'degraded';
  return 'healthy';
}

/** The worse of verdicts. */
export function worst(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('down')) return 'down';
  if (verdicts.includes('degraded')) return 'degraded';
  return 'healthy';
}
