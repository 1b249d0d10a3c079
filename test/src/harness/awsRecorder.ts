import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One AWS API request seen on its way to the endpoint, and the answer. */
export type AwsCall = {
  /** HTTP method and request path with its query (REST protocols: S3). */
  method: string;
  path: string;
  /** Signing service and region, from the Authorization header's scope. */
  service: string;
  region: string;
  /** Access key id the request was signed with. */
  accessKeyId: string;
  /** `Action=` (query protocol) or the `X-Amz-Target` operation (JSON). */
  action: string;
  /** The request body: form fields or parsed JSON. */
  params: Record<string, any>;
  status: number;
  /** The answer's body (XML or JSON text). */
  response: string;
};

/**
 * A loopback proxy in front of an AWS endpoint (moto) that records every
 * request: who signed it (access key id), for which service and action,
 * with which parameters, and what came back. Point the SDK at `url`
 * (`AWS_ENDPOINT_URL`).
 */
export async function startAwsRecorder(target: string): Promise<{
  url: string;
  calls: AwsCall[];
  close(): Promise<void>;
}> {
  const calls: AwsCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = http.request(
        new URL(req.url!, target),
        { method: req.method, headers: req.headers },
        answer => {
          const out: Buffer[] = [];
          answer.on('data', c => out.push(c));
          answer.on('end', () => {
            const response = Buffer.concat(out);
            calls.push(
              describe(req, body.toString('utf8'), {
                status: answer.statusCode ?? 0,
                response: response.toString('utf8'),
              }),
            );
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(response);
          });
        },
      );
      upstream.on('error', e => {
        res.writeHead(502);
        res.end(String(e));
      });
      upstream.end(body);
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function describe(
  req: http.IncomingMessage,
  body: string,
  answer: { status: number; response: string },
): AwsCall {
  const auth = String(req.headers.authorization ?? '');
  const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\//.exec(auth);
  const target = String(req.headers['x-amz-target'] ?? '');
  let params: Record<string, any> = {};
  if (target) {
    params = body ? JSON.parse(body) : {};
  } else if (
    String(req.headers['content-type'] ?? '').startsWith(
      'application/x-www-form-urlencoded',
    )
  ) {
    params = Object.fromEntries(new URLSearchParams(body));
  }
  return {
    method: req.method ?? '',
    path: req.url ?? '',
    accessKeyId: scope?.[1] ?? '',
    region: scope?.[2] ?? '',
    service: scope?.[3] ?? '',
    action: target ? target.slice(target.indexOf('.') + 1) : params.Action,
    params,
    ...answer,
  };
}
