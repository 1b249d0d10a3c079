import { KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { ClusterConfig } from '../config';

/** Where a request to a cluster failed: shapes the per-cluster error. */
export class ClusterRequestError extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'timeout' | 'unauthorized' | 'error',
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'ClusterRequestError';
  }
}

/**
 * Counts the requests Runway sends to each cluster (metrics, tests, bench):
 * called once per request with the cluster's name, the verb and the
 * resource (e.g. `pods`).
 *
 * @public
 */
export type RequestCounter = (
  cluster: string,
  verb: 'list' | 'watch' | 'get',
  resource: string,
) => void;

/**
 * Hands out a cluster's current bearer token; called on every (re)connect.
 *
 * @public
 */
export type TokenSource = () => Promise<string>;

/**
 * A KubeConfig whose bearer token is fetched on every (re)connect, so an
 * EKS token renewed by EksTokenProvider (or a rotated token file) is used by
 * the next watch.
 */
class TokenKubeConfig extends KubeConfig {
  constructor(private readonly token: TokenSource) {
    super();
  }
  async applyToFetchOptions(opts: https.RequestOptions): Promise<any> {
    const out: any = await super.applyToFetchOptions(opts);
    out.headers.set('Authorization', `Bearer ${await this.token()}`);
    return out;
  }
  async applyToHTTPSOptions(opts: https.RequestOptions): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    opts.headers = {
      ...opts.headers,
      Authorization: `Bearer ${await this.token()}`,
    };
  }
}

/** The bearer token source of a cluster with service-account auth. */
export function staticTokenSource(auth: {
  token?: string;
  tokenFile?: string;
}): TokenSource {
  return async () => {
    if (auth.token) return auth.token;
    try {
      return (await fs.promises.readFile(auth.tokenFile!, 'utf8')).trim();
    } catch (e) {
      throw new ClusterRequestError(
        `cannot read token file ${auth.tokenFile}: ${(e as Error).message}`,
        'unauthorized',
      );
    }
  };
}

/**
 * One cluster's connection: a KubeConfig for @kubernetes/client-node's
 * watches and a small GET helper with a hard timeout for LISTs, /version and
 * logs.
 */
export class KubeClient {
  readonly kubeConfig: KubeConfig;

  constructor(
    readonly cluster: ClusterConfig,
    token: TokenSource,
    private readonly count: RequestCounter = () => {},
  ) {
    const kc = new TokenKubeConfig(token);
    let caData = cluster.caData
      ? Buffer.from(cluster.caData).toString('base64')
      : undefined;
    if (!caData && cluster.caFile && fs.existsSync(cluster.caFile)) {
      caData = fs.readFileSync(cluster.caFile).toString('base64');
    }
    kc.loadFromOptions({
      // client-node refuses plain http unless TLS verification is off (there is no TLS to verify)
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          caData,
          skipTLSVerify:
            cluster.skipTLSVerify || cluster.url.startsWith('http:'),
        },
      ],
      users: [{ name: 'runway' }],
      contexts: [{ name: cluster.name, cluster: cluster.name, user: 'runway' }],
      currentContext: cluster.name,
    });
    this.kubeConfig = kc;
  }

  /** Re-reads a CA file that appeared after start-up (local clusters started later). */
  refreshCa(): void {
    const c = this.cluster;
    if (!c.caData && c.caFile && fs.existsSync(c.caFile)) {
      const current = this.kubeConfig.getCurrentCluster();
      const caData = fs.readFileSync(c.caFile).toString('base64');
      if (current && current.caData !== caData) {
        (current as { caData?: string }).caData = caData;
      }
    }
  }

  /** GET a path, parsed as JSON (or text), failing after the cluster's timeout. */
  async get<T>(
    path: string,
    options: {
      resource: string;
      verb?: 'list' | 'get';
      text?: boolean;
      timeoutMs?: number;
    },
  ): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.cluster.timeoutMs;
    const url = new URL(this.cluster.url + path);
    const opts: https.RequestOptions = {
      headers: { Accept: options.text ? '*/*' : 'application/json' },
    };
    await this.kubeConfig.applyToHTTPSOptions(opts);
    this.count(this.cluster.name, options.verb ?? 'get', options.resource);
    const mod = url.protocol === 'http:' ? http : https;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const req = mod.request(url, { ...opts, method: 'GET' }, res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status === 401 || status === 403) {
            reject(
              new ClusterRequestError(
                `${this.cluster.name} refused Runway's credentials (HTTP ${status})`,
                'unauthorized',
                status,
              ),
            );
          } else if (status >= 300) {
            let message = body.slice(0, 300);
            try {
              message = JSON.parse(body).message ?? message;
            } catch {
              // not JSON
            }
            reject(
              new ClusterRequestError(
                `${this.cluster.name}: HTTP ${status} for ${url.pathname}: ${message}`,
                'error',
                status,
              ),
            );
          } else {
            try {
              resolve((options.text ? body : JSON.parse(body)) as T);
            } catch (e) {
              reject(
                new ClusterRequestError(
                  `${this.cluster.name}: invalid JSON from ${url.pathname}`,
                  'error',
                ),
              );
            }
          }
        });
        res.on('error', e =>
          reject(
            new ClusterRequestError(
              `${this.cluster.name}: ${e.message}`,
              'unreachable',
            ),
          ),
        );
      });
      timer = setTimeout(() => {
        req.destroy();
        reject(
          new ClusterRequestError(
            `${this.cluster.name} did not answer within ${timeoutMs} ms`,
            'timeout',
          ),
        );
      }, timeoutMs);
      req.on('error', e => {
        clearTimeout(timer);
        reject(
          new ClusterRequestError(
            `${this.cluster.name} is unreachable: ${e.message}`,
            'unreachable',
          ),
        );
      });
      req.end();
    });
  }
}
