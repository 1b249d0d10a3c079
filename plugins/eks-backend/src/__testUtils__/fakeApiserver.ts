import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A minimal Kubernetes API over http on loopback for unit tests: answers
 * LIST from a snapshot (in pages when asked for a `limit`, with `continue`
 * tokens), holds WATCH connections open, counts requests.
 * `expireContinueTokens` makes the next that many requests with a continue
 * token fail with 410 Gone, as an apiserver does after a compaction.
 * `frozen` makes it accept requests and answer none (open watches go
 * silent), as a black-holed apiserver does. Optional types (CRDs) whose
 * key the snapshot lacks answer 404, as for a CRD that is not installed
 * (set the key to install it); paths in `forbidden` answer 403.
 * (The integration suite in test/src/eks/ uses the real apiserver.)
 */
export async function startFakeApiserver(
  snapshot: Record<string, any>,
  port = 0,
) {
  const state = {
    expireContinueTokens: 0,
    frozen: false,
    forbidden: new Set<string>(),
  };
  const paths: Record<string, string> = {
    '/api/v1/nodes': 'nodes',
    '/api/v1/pods': 'pods',
    '/api/v1/events': 'events',
    '/apis/apps/v1/deployments': 'deployments',
    '/apis/apps/v1/replicasets': 'replicaSets',
    '/apis/autoscaling/v2/horizontalpodautoscalers': 'hpas',
    '/apis/policy/v1/poddisruptionbudgets': 'pdbs',
    '/apis/networking.k8s.io/v1/networkpolicies': 'networkPolicies',
    '/apis/monitoring.coreos.com/v1/servicemonitors': 'serviceMonitors',
    '/apis/argoproj.io/v1alpha1/applications': 'applications',
    '/apis/argoproj.io/v1alpha1/rollouts': 'rollouts',
  };
  const optional = new Set(['serviceMonitors', 'applications', 'rollouts']);
  const requests: {
    method: string;
    path: string;
    watch: boolean;
    auth?: string;
    query: Record<string, string>;
  }[] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const watch = url.searchParams.get('watch') === 'true';
    requests.push({
      method: req.method!,
      path: url.pathname,
      watch,
      auth: req.headers.authorization,
      query: Object.fromEntries(url.searchParams),
    });
    if (state.frozen) return;
    if (url.pathname === '/version') {
      res.end(JSON.stringify({ gitVersion: snapshot.gitVersion ?? 'v1.34.4' }));
      return;
    }
    const key = paths[url.pathname];
    if (state.forbidden.has(url.pathname)) {
      res.statusCode = 403;
      res.end(
        JSON.stringify({ kind: 'Status', code: 403, message: 'forbidden' }),
      );
      return;
    }
    if (!key || (optional.has(key) && !(key in snapshot))) {
      res.statusCode = 404;
      res.end(
        JSON.stringify({ kind: 'Status', code: 404, message: 'not found' }),
      );
      return;
    }
    if (watch) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      open.add(res);
      res.on('close', () => open.delete(res));
      return;
    }
    const all: any[] = JSON.parse(JSON.stringify(snapshot[key] ?? []));
    const limit = Number(url.searchParams.get('limit') ?? 0);
    const token = url.searchParams.get('continue');
    if (token && state.expireContinueTokens > 0) {
      state.expireContinueTokens--;
      res.statusCode = 410;
      res.end(
        JSON.stringify({
          kind: 'Status',
          code: 410,
          reason: 'Expired',
          message: 'The provided continue parameter is too old',
        }),
      );
      return;
    }
    const from = token ? Number(token) : 0;
    const to = limit > 0 ? from + limit : all.length;
    res.end(
      JSON.stringify({
        kind: 'List',
        metadata: {
          resourceVersion: '100',
          ...(to < all.length ? { continue: String(to) } : {}),
        },
        items: all.slice(from, to),
      }),
    );
  });
  await new Promise<void>(r => server.listen(port, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    state,
    lists: () => requests.filter(r => !r.watch && r.path !== '/version').length,
    /** Sends a watch event to every open watch of a path (none while frozen). */
    send(path: string, type: string, object: any) {
      if (state.frozen) return;
      for (const res of open) {
        if ((res.req as http.IncomingMessage).url?.startsWith(path)) {
          res.write(`${JSON.stringify({ type, object })}\n`);
        }
      }
    },
    /** Ends every open watch of a path (the server closed them). */
    closeWatches(path: string) {
      for (const res of open) {
        if ((res.req as http.IncomingMessage).url?.startsWith(path)) {
          res.end();
        }
      }
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections?.();
      await new Promise(r => server.close(r));
    },
  };
}

/** A port that accepts nothing: connections are refused. */
export async function deadUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>(r => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise(r => s.close(r));
  return `http://127.0.0.1:${port}`;
}
