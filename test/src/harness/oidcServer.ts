import fs from 'node:fs';
import path from 'node:path';
import { runDir, Service, startService } from './processes';

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
  const dir = runDir(`oidc-${process.pid}-${Date.now()}`);
  const logFile = path.join(dir, 'oidc.log');
  const clientId = 'runway-test-client';
  const clientSecret = 'runway-test-secret-0123456789abcdef';
  const service = await startService({
    name: 'OIDC provider',
    command: process.execPath,
    // The run folder on the command line lets scripts/test find leftovers.
    args: [path.join(__dirname, 'oidc-server.mjs'), dir],
    logFile,
    spawnOptions: {
      env: {
        ...process.env,
        OIDC_PORT: '0',
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
  const issuer = /OIDC_READY (\S+)/.exec(fs.readFileSync(logFile, 'utf8'))![1];
  return {
    ...service,
    issuer,
    metadataUrl: `${issuer}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
  };
}
