import path from 'node:path';
import { freePort, runDir, Service, startService } from './processes';

export type OidcAccount = {
  email: string;
  email_verified: boolean;
  name: string;
};

export type OidcServer = Service & {
  issuer: string;
  metadataUrl: string;
  clientId: string;
  clientSecret: string;
};

/**
 * Starts a real OpenID Connect provider on loopback for a backend whose
 * OIDC callback is `redirectUri`.
 */
export async function startOidcServer(options: {
  redirectUri: string;
  accounts: Record<string, OidcAccount>;
}): Promise<OidcServer> {
  const port = await freePort();
  const dir = runDir(`oidc-${port}`);
  const clientId = 'runway-test-client';
  const clientSecret = 'runway-test-secret-0123456789abcdef';
  const service = await startService({
    name: 'OIDC provider',
    command: process.execPath,
    args: [path.join(__dirname, 'oidc-server.mjs')],
    logFile: path.join(dir, 'oidc.log'),
    spawnOptions: {
      env: {
        ...process.env,
        OIDC_PORT: String(port),
        OIDC_CLIENT: JSON.stringify({
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: [options.redirectUri],
        }),
        OIDC_ACCOUNTS: JSON.stringify(options.accounts),
      },
    },
    ready: log => log.includes('OIDC_READY'),
    timeoutMs: 30_000,
  });
  const issuer = `http://127.0.0.1:${port}`;
  return {
    ...service,
    issuer,
    metadataUrl: `${issuer}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
  };
}
