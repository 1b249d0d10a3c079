import { createHash, createHmac, Hash, Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { RequestSigner } from '@runway/plugin-slo-backend';

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  return Buffer.from(data);
}

/** SHA-256 (and HMAC-SHA-256 when given a secret) from node:crypto. */
class Sha256 {
  #hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.#hash = this.fresh();
  }
  private fresh() {
    return this.secret
      ? createHmac('sha256', bytes(this.secret))
      : createHash('sha256');
  }
  update(data: SourceData) {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset() {
    this.#hash = this.fresh();
  }
}

/**
 * A SigV4 `RequestSigner` for Amazon Managed Prometheus (service `aps`),
 * shaped as an installation supplies one through the SLO backend's
 * `sloRequestSignersServiceRef` (see plugins/slo-backend/README.md):
 * `@smithy/signature-v4` over the request the PrometheusClient is about to
 * send; it returns the headers to add (`authorization`, `x-amz-date`,
 * `x-amz-content-sha256`, and `x-amz-security-token` for temporary
 * credentials). `host` is signed as fetch will send it, not returned.
 */
export function sigV4Signer(options: {
  region: string;
  credentials: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  };
}): RequestSigner {
  const signer = new SignatureV4({
    service: 'aps',
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  return async ({ url, method, headers, body }) => {
    const target = new URL(url);
    const signed = await signer.sign({
      method,
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port ? Number(target.port) : undefined,
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { ...headers, host: target.host },
      body,
    });
    const { host: _host, ...added } = signed.headers;
    return added;
  };
}
