import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * Signature Version 4 verification written from AWS's specification
 * ("Create a signed AWS API request"), independent of the signer under
 * test: the canonical request is rebuilt from the request as it arrived
 * (method, path, query, the signed headers, a hash of the body received),
 * then the signature is recomputed with the secret of the access key named
 * in the Authorization header and compared.
 */

/** A request as received. */
export type ReceivedRequest = {
  method: string;
  /** Path and query as sent on the request line. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
};

export type Verdict =
  | { ok: true; accessKeyId: string }
  | { ok: false; reason: string };

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

const sha256 = (data: string | Buffer) =>
  createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding: everything but unreserved characters. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Byte order of ASCII strings (encoded names and values). */
function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map(pair => {
      const i = pair.indexOf('=');
      const [k, v] = i < 0 ? [pair, ''] : [pair.slice(0, i), pair.slice(i + 1)];
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      return [uriEncode(decode(k)), uriEncode(decode(v))];
    })
    .sort(([ak, av], [bk, bv]) => compare(ak, bk) || compare(av, bv))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * Verifies one request's SigV4 Authorization header for `service` and
 * `region`; `secretFor` looks up the secret of an access key id (as IAM
 * does); `now` bounds the clock skew to AWS's 15 minutes.
 */
export function verifySigV4(
  req: ReceivedRequest,
  options: {
    service: string;
    region: string;
    secretFor: (accessKeyId: string) => string | undefined;
    now?: Date;
  },
): Verdict {
  const auth = AUTH.exec(String(req.headers.authorization ?? ''));
  if (!auth) return { ok: false, reason: 'missing or malformed Authorization' };
  const [, accessKeyId, day, region, service, signedHeaders, signature] = auth;
  const secret = options.secretFor(accessKeyId);
  if (secret === undefined) {
    return { ok: false, reason: `unknown access key ${accessKeyId}` };
  }
  if (service !== options.service || region !== options.region) {
    return { ok: false, reason: `scope ${region}/${service}` };
  }
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!when || amzDate.slice(0, 8) !== day) {
    return {
      ok: false,
      reason: `x-amz-date '${amzDate}' does not match the scope`,
    };
  }
  const signedAt = Date.UTC(
    +when[1],
    +when[2] - 1,
    +when[3],
    +when[4],
    +when[5],
    +when[6],
  );
  if (
    Math.abs((options.now ?? new Date()).getTime() - signedAt) >
    15 * 60_000
  ) {
    return { ok: false, reason: 'signature expired (clock skew)' };
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) {
    return { ok: false, reason: 'host and x-amz-date must be signed' };
  }
  if (
    req.headers['x-amz-security-token'] &&
    !names.includes('x-amz-security-token')
  ) {
    return { ok: false, reason: 'the session token must be signed' };
  }
  const headerLines: string[] = [];
  for (const name of names) {
    const value = req.headers[name];
    if (value === undefined) {
      return { ok: false, reason: `signed header ${name} is missing` };
    }
    const text = Array.isArray(value) ? value.join(',') : value;
    headerLines.push(`${name}:${text.trim().replace(/\s+/g, ' ')}\n`);
  }
  const q = req.url.indexOf('?');
  const rawPath = q < 0 ? req.url : req.url.slice(0, q);
  const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
  // every service but S3: each path segment encoded once more
  const canonicalUri =
    rawPath
      .split('/')
      .map(segment => uriEncode(segment))
      .join('/') || '/';
  const canonicalRequest = [
    req.method,
    canonicalUri,
    canonicalQuery(rawQuery),
    headerLines.join(''),
    signedHeaders,
    sha256(req.body),
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    sha256(canonicalRequest),
  ].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secret}`, day), region), service),
    'aws4_request',
  );
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return { ok: true, accessKeyId };
}

/** One request the endpoint saw and what it decided. */
export type SeenRequest = {
  path: string;
  params: Record<string, string>;
  verdict: Verdict;
};

/**
 * A loopback stand-in for an Amazon Managed Prometheus workspace: every
 * request must carry a valid SigV4 signature for service `aps` (403 with
 * AMP's error shape otherwise); signed queries are answered by `answer`
 * with a Prometheus HTTP API body.
 */
export async function startAmpEndpoint(options: {
  region: string;
  credentials: Record<string, string>;
  answer: (
    endpoint: 'query' | 'query_range',
    params: Record<string, string>,
  ) => unknown;
}): Promise<{ url: string; seen: SeenRequest[]; close(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const verdict = verifySigV4(
        { method: req.method!, url: req.url!, headers: req.headers, body },
        {
          service: 'aps',
          region: options.region,
          secretFor: id => options.credentials[id],
        },
      );
      const url = new URL(req.url!, 'http://amp');
      const params = Object.fromEntries(
        new URLSearchParams(
          req.method === 'POST' ? body.toString('utf8') : url.search,
        ),
      );
      seen.push({ path: url.pathname, params, verdict });
      res.setHeader('content-type', 'application/json');
      if (!verdict.ok) {
        res.writeHead(403).end(
          JSON.stringify({
            message: `The request signature we calculated does not match the signature you provided (${verdict.reason})`,
          }),
        );
        return;
      }
      const endpoint = /\/api\/v1\/(query|query_range)$/.exec(
        url.pathname,
      )?.[1];
      if (!endpoint) {
        res.writeHead(404).end(JSON.stringify({ message: 'Not Found' }));
        return;
      }
      res.writeHead(200).end(
        JSON.stringify({
          status: 'success',
          data: options.answer(endpoint as 'query' | 'query_range', params),
        }),
      );
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
