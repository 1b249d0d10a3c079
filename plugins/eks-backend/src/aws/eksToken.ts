import { Sha256 } from '@aws-crypto/sha256-js';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
} from '@smithy/types';

/** EKS accepts a token for 15 minutes after it was signed. */
export const EKS_TOKEN_LIFETIME_MS = 15 * 60_000;
/** Runway renews a token this long before it expires. */
export const EKS_TOKEN_RENEW_BEFORE_MS = 60_000;

/**
 * An EKS bearer token: `k8s-aws-v1.` + base64url of an STS
 * GetCallerIdentity URL presigned with the header `x-k8s-aws-id: <cluster>`
 * (what `aws eks get-token` and aws-iam-authenticator produce).
 */
export async function createEksToken(options: {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  now?: Date;
}): Promise<string> {
  const hostname = `sts.${options.region}.amazonaws.com`;
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: 'sts',
    sha256: Sha256,
  });
  const request = new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname,
    path: '/',
    headers: { host: hostname, 'x-k8s-aws-id': options.clusterName },
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
  });
  const signed = await signer.presign(request, {
    expiresIn: 60,
    signingDate: options.now,
  });
  const query = Object.entries(signed.query ?? {})
    .map(
      ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`,
    )
    .join('&');
  const url = `https://${hostname}/?${query}`;
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}

/**
 * Credentials for one cluster: the account's credentials, or a role assumed
 * with them (STS AssumeRole, cached until 5 minutes before expiry).
 */
export function clusterCredentials(options: {
  base: AwsCredentialIdentityProvider;
  region: string;
  assumeRole?: string;
  externalId?: string;
  stsClient?: STSClient;
}): AwsCredentialIdentityProvider {
  if (!options.assumeRole) {
    return options.base;
  }
  const sts =
    options.stsClient ??
    new STSClient({ region: options.region, credentials: options.base });
  let cached: AwsCredentialIdentity | undefined;
  return async () => {
    if (
      cached?.expiration &&
      cached.expiration.getTime() - Date.now() > 5 * 60_000
    ) {
      return cached;
    }
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: options.assumeRole,
        ExternalId: options.externalId,
        RoleSessionName: 'runway-eks',
        DurationSeconds: 3600,
      }),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new Error(
        `AssumeRole ${options.assumeRole} returned no credentials`,
      );
    }
    cached = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
    return cached;
  };
}

/**
 * Hands out an EKS token for a cluster, cached and renewed 60 s before its
 * 15-minute expiry; concurrent callers share one signing.
 */
export class EksTokenProvider {
  private token?: { value: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly options: {
      clusterName: string;
      region: string;
      credentials: AwsCredentialIdentityProvider;
      now?: () => number;
    },
  ) {}

  async getToken(): Promise<string> {
    const now = this.options.now?.() ?? Date.now();
    if (this.token && now < this.token.expiresAt - EKS_TOKEN_RENEW_BEFORE_MS) {
      return this.token.value;
    }
    if (!this.pending) {
      this.pending = (async () => {
        try {
          const value = await createEksToken({
            clusterName: this.options.clusterName,
            region: this.options.region,
            credentials: await this.options.credentials(),
            now: new Date(now),
          });
          this.token = { value, expiresAt: now + EKS_TOKEN_LIFETIME_MS };
          return value;
        } finally {
          this.pending = undefined;
        }
      })();
    }
    return this.pending;
  }
}
