import { KubernetesObject } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { ClusterRequestError, KubeClient } from './KubeClient';

/**
 * One WATCH of a collection, as @kubernetes/client-node's ListWatch calls
 * its transport: GET `path?watch=true` from a resourceVersion, with
 * bookmarks and a server-side timeout. It fails (calls `done` with a
 * ClusterRequestError) when the cluster does not answer within its timeout,
 * answers an HTTP error (with its `statusCode`), or goes silent for longer
 * than the server-side timeout plus a minute; it ends (`done(null)`) when
 * the server closes it or after a `410 Gone` event, which it passes on so
 * that ListWatch LISTs again.
 */
export async function watchRequest(options: {
  client: KubeClient;
  /** the resource type, in messages */
  resource: string;
  path: string;
  params: Record<string, string>;
  watchTimeoutSeconds: number;
  /** applied to every object event (not to bookmarks) */
  transform: (obj: KubernetesObject) => KubernetesObject;
  /** called once the cluster answered 200 */
  onOpen: () => void;
  callback: (phase: string, obj: any, watchObj?: any) => void;
  done: (err: any) => void;
}): Promise<{ abort(): void }> {
  const { client, resource, callback, done } = options;
  const name = client.cluster.name;
  const url = new URL(client.cluster.url + options.path);
  url.searchParams.set('watch', 'true');
  url.searchParams.set('allowWatchBookmarks', 'true');
  url.searchParams.set('timeoutSeconds', String(options.watchTimeoutSeconds));
  for (const [k, v] of Object.entries(options.params))
    if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  const opts: https.RequestOptions = {
    headers: { Accept: 'application/json' },
  };
  let finished = false;
  let idle: NodeJS.Timeout | undefined;
  const current: { req?: http.ClientRequest } = {};
  const finish = (err: any) => {
    if (finished) return;
    finished = true;
    clearTimeout(idle);
    current.req?.destroy();
    done(err);
  };
  try {
    await client.kubeConfig.applyToHTTPSOptions(opts);
  } catch (e) {
    setImmediate(() => finish(e));
    return { abort: () => finish(null) };
  }
  const idleMs = (options.watchTimeoutSeconds + 60) * 1000;
  const arm = (
    ms: number,
    message: string,
    kind: 'timeout' | 'unreachable',
  ) => {
    clearTimeout(idle);
    idle = setTimeout(() => finish(new ClusterRequestError(message, kind)), ms);
    idle.unref?.();
  };
  const mod = url.protocol === 'http:' ? http : https;
  arm(
    client.cluster.timeoutMs,
    `${name} did not answer a watch within ${client.cluster.timeoutMs} ms`,
    'timeout',
  );
  const silent = `${name}: watch ${resource} went silent`;
  const req = mod.request(url, { ...opts, method: 'GET' }, res => {
    if (res.statusCode !== 200) {
      const status = res.statusCode ?? 0;
      res.resume();
      const kind = status === 401 || status === 403 ? 'unauthorized' : 'error';
      finish(
        new ClusterRequestError(
          `${name}: watch ${resource} HTTP ${status}`,
          kind,
          status,
        ),
      );
      return;
    }
    options.onOpen();
    arm(idleMs, silent, 'unreachable');
    const lines = createInterface(res);
    // a destroyed request also errors its line reader: finish() handled it
    lines.on('error', () => {});
    lines.on('line', line => {
      arm(idleMs, silent, 'unreachable');
      try {
        const ev = JSON.parse(line);
        if (ev.type === 'ERROR' && ev.object?.code === 410) {
          // ListWatch clears its resourceVersion; the next start re-LISTs
          callback('ERROR', ev.object, ev);
          finish(null);
          return;
        }
        callback(
          ev.type,
          ev.type === 'BOOKMARK' ? ev.object : options.transform(ev.object),
          ev,
        );
      } catch {
        // ignore a malformed line
      }
    });
    res.on('error', e =>
      finish(new ClusterRequestError(`${name}: ${e.message}`, 'unreachable')),
    );
    res.on('end', () => finish(null));
  });
  current.req = req;
  req.on('error', e =>
    finish(
      new ClusterRequestError(
        `${name} is unreachable: ${e.message}`,
        'unreachable',
      ),
    ),
  );
  req.end();
  return { abort: () => finish(null) };
}
