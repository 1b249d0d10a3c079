/**
 * An open-model load generator: each stream sends requests at a constant
 * arrival rate, at their scheduled times, whether or not earlier ones have
 * answered (no coordinated omission), and every request is recorded with
 * its scheduled time, so latency can be counted from when the request was
 * due rather than from when a busy client got round to sending it.
 */
import http from 'node:http';

export type Stream = {
  /** What the figures are grouped by (the API). */
  name: string;
  /** Requests per second. */
  rate: number;
  /** Paths sent in turn. */
  routes: string[];
  /** The bearer token of the persona that reads this API. */
  token: () => string;
};

export type RequestRecord = {
  stream: string;
  route: string;
  /** When the request was due (ms since the epoch). */
  scheduledAt: number;
  /** When it was sent (ms since the epoch; later than scheduledAt when the client lagged). */
  sentAt: number;
  /** When the answer's last byte arrived, or the request failed (ms since the epoch). */
  endedAt: number;
  /** HTTP status, 0 for no answer. */
  status: number;
  /** Why the request failed (non-2xx, connection error, timeout); undefined when it succeeded. */
  error?: string;
};

const epochNow = () => performance.timeOrigin + performance.now();

/** One GET with a timeout; never rejects. */
function send(
  agent: http.Agent,
  url: string,
  token: string,
  timeoutMs: number,
): Promise<{ status: number; error?: string }> {
  return new Promise(resolve => {
    let done = false;
    // from sending, whether the request waits for a socket, for the
    // answer or in the middle of it (a socket timeout would start only once
    // the agent hands the request a connection)
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const failed = (e: Error) =>
      abort.signal.aborted ? `no answer within ${timeoutMs} ms` : e.message;
    const finish = (status: number, error?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ status, error });
    };
    const req = http.request(
      url,
      {
        agent,
        headers: { authorization: `Bearer ${token}` },
        signal: abort.signal,
      },
      res => {
        let head = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (head.length < 200) head += chunk.slice(0, 200);
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          finish(
            status,
            status >= 200 && status < 300
              ? undefined
              : `${status} ${head.slice(0, 160)}`,
          );
        });
        res.on('error', e => finish(0, `response: ${failed(e)}`));
        // after 'end' this changes nothing; without it the answer was cut off
        res.on('close', () =>
          finish(0, `response: ${failed(new Error('closed before its end'))}`),
        );
      },
    );
    req.on('error', e => finish(0, failed(e)));
    req.end();
  });
}

/**
 * Drives every stream at its rate for `seconds` against `baseUrl`;
 * `onRecord` sees each request when it ends. Resolves with every record
 * once all requests have ended.
 */
export async function driveOpenLoad(options: {
  baseUrl: string;
  streams: Stream[];
  seconds: number;
  timeoutMs: number;
  onRecord?: (record: RequestRecord) => void;
}): Promise<{ records: RequestRecord[]; maxSendLagMs: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4096 });
  const records: RequestRecord[] = [];
  const pending: Promise<void>[] = [];
  const start = epochNow() + 50;
  const sent = options.streams.map(() => 0);
  const totals = options.streams.map(s => Math.round(options.seconds * s.rate));
  let maxSendLagMs = 0;
  await new Promise<void>(resolve => {
    const tick = () => {
      const now = epochNow();
      let remaining = false;
      options.streams.forEach((stream, s) => {
        const interval = 1000 / stream.rate;
        while (sent[s] < totals[s] && start + sent[s] * interval <= now) {
          const i = sent[s]++;
          const scheduledAt = start + i * interval;
          maxSendLagMs = Math.max(maxSendLagMs, now - scheduledAt);
          const route = stream.routes[i % stream.routes.length];
          pending.push(
            send(
              agent,
              `${options.baseUrl}${route}`,
              stream.token(),
              options.timeoutMs,
            ).then(r => {
              const record: RequestRecord = {
                stream: stream.name,
                route,
                scheduledAt,
                sentAt: now,
                endedAt: epochNow(),
                status: r.status,
                error: r.error,
              };
              records.push(record);
              options.onRecord?.(record);
            }),
          );
        }
        if (sent[s] < totals[s]) remaining = true;
      });
      if (remaining) setTimeout(tick, 2);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  return { records, maxSendLagMs };
}

/** The q-quantile of ascending `sorted` (nearest rank). */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** Latency figures of `records`: from the scheduled time, and from sending. */
export function latency(records: RequestRecord[]) {
  const due = records.map(r => r.endedAt - r.scheduledAt).sort((a, b) => a - b);
  const service = records.map(r => r.endedAt - r.sentAt).sort((a, b) => a - b);
  return {
    requests: records.length,
    errors: records.filter(r => r.error).length,
    p50_ms: round1(percentile(due, 0.5)),
    p95_ms: round1(percentile(due, 0.95)),
    p99_ms: round1(percentile(due, 0.99)),
    max_ms: round1(due[due.length - 1] ?? NaN),
    p95_ms_from_send: round1(percentile(service, 0.95)),
  };
}
