// A real OpenID Connect provider (npm `oidc-provider`) on loopback, standing
// in for AWS Cognito in tests. Started as a child process by oidcServer.ts.
//
// Environment:
//   OIDC_PORT           port to listen on (127.0.0.1); 0 for any free port
//   OIDC_CLIENT         JSON {client_id, client_secret, redirect_uris}
//   OIDC_ACCOUNTS       JSON {"<sub>": {email, email_verified, name}}
//
// Sign-in is scripted: GET /interaction/:uid shows the login form,
// POST /interaction/:uid/login with `login=<sub>` signs that account in,
// and consent is granted for the scopes the client asked for.
// Prints "OIDC_READY <issuer>" when listening.
import http from 'node:http';
import Provider from 'oidc-provider';

const client = JSON.parse(process.env.OIDC_CLIENT);
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS);

// The issuer URL contains the port, so bind first and create the provider after.
const server = http.createServer();
await new Promise(resolve =>
  server.listen(Number(process.env.OIDC_PORT ?? 0), '127.0.0.1', resolve),
);
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      ...client,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  async findAccount(_ctx, sub) {
    const account = accounts[sub];
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...account }) };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: {
    url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  pkce: { required: () => false },
  // as AWS Cognito does for the authorization code grant: a refresh token
  // with every sign-in, so Backstage keeps the session across page loads
  issueRefreshToken: async () => true,
  cookies: { keys: ['runway-test-cookie-key'] },
});
// Plain http on loopback: the provider must not insist on https cookies.
provider.proxy = false;

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

async function grantConsent(details) {
  const { params, session, prompt } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({
        accountId: session.accountId,
        clientId: params.client_id,
      });
  if (prompt.details.missingOIDCScope) {
    grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  }
  if (prompt.details.missingOIDCClaims) {
    grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  }
  for (const [indicator, scopes] of Object.entries(
    prompt.details.missingResourceScopes ?? {},
  )) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}

const callback = provider.callback();
server.on('request', async (req, res) => {
  const match = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url ?? '');
  if (!match) {
    callback(req, res);
    return;
  }
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (req.method === 'POST' && match[2]) {
        const form = await readForm(req);
        const accountId = form.get('login') ?? '';
        if (!accounts[accountId]) {
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end(`unknown account ${accountId}`);
          return;
        }
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<form method="post" action="/interaction/${details.uid}/login"><input name="login"></form>`,
      );
      return;
    }
    const grantId = await grantConsent(details);
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error?.stack ?? error));
  }
});

process.stdout.write(`OIDC_READY ${issuer}\n`);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
