import { KubeEvent, toTime } from '../kube';
import { EventSummary } from '../types';

const HOUR = 3_600_000;

/** When an event was last seen, from the most precise timestamp it has. */
function eventTime(e: KubeEvent): number | undefined {
  return (
    toTime(e.lastTimestamp) ??
    toTime(e.eventTime) ??
    toTime(e.firstTimestamp) ??
    toTime(e.metadata.creationTimestamp)
  );
}

/** Warning events seen within `windowMs` before `now`, newest first. */
export function recentWarnings(
  events: KubeEvent[],
  now: Date,
  windowMs = HOUR,
): EventSummary[] {
  return events
    .filter(e => e.type === 'Warning')
    .map(e => ({ e, t: eventTime(e) }))
    .filter(({ t }) => t !== undefined && now.getTime() - t <= windowMs)
    .sort((a, b) => (b.t ?? 0) - (a.t ?? 0))
    .map(({ e, t }) => ({
      namespace: e.involvedObject?.namespace ?? e.metadata.namespace,
      object: `${e.involvedObject?.kind ?? '?'}/${
        e.involvedObject?.name ?? '?'
      }`,
      reason: e.reason,
      message: e.message,
      count: e.count ?? 1,
      lastSeen: t === undefined ? undefined : new Date(t).toISOString(),
    }));
}
