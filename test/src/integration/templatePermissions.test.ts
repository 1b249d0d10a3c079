/**
 * Templates and scaffolder tasks against the real Runway backend (database
 * from RUNWAY_TEST_DB, as backend.test.ts), with the shipped role bindings:
 * guest is a developer only, alice.ops (OIDC) ops, carol.finance (OIDC) a
 * manager.
 *
 * - A Template in a location a developer registers is refused: templates
 *   run actions with Runway's credentials and come only from trusted
 *   locations (app-config.yaml `catalog.rules`).
 * - A developer's dry run of an inline template is refused, so an inline
 *   `aws:cloudformation:deploy` never runs for them.
 * - The golden path still runs for a developer, every step in the form the
 *   permission policy allows, and its task is readable only by its owner
 *   and ops.
 */
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { stringify } from 'yaml';
import {
  api,
  Backend,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import { OidcServer, startOidcServer } from '../harness/oidcServer';
import { oidcSignIn } from '../harness/oidcSignIn';
import { Postgres, startPostgres } from '../harness/postgres';
import { freePort, runDir } from '../harness/processes';
import { expectCompleted, runTask } from '../docs/tasks';
import { COMBINATIONS, formValues } from '../template/combinations';

const DB = process.env.RUNWAY_TEST_DB ?? 'sqlite';

jest.setTimeout(300_000);

/** A template of the developer's own: deploys a stack of its choosing. */
const ownTemplate = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'my-own-stack' },
  spec: {
    owner: 'group:default/team-payments',
    type: 'service',
    parameters: [],
    steps: [
      {
        id: 'stack',
        name: 'Deploy any stack',
        action: 'aws:cloudformation:deploy',
        input: {
          stackName: 'payments-prod-database',
          region: 'eu-west-1',
          templateFile: 'stack.yaml',
        },
      },
    ],
  },
};

const ownComponent = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'my-own-service' },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:default/team-payments',
  },
};

let backend: Backend;
let oidc: OidcServer;
let postgres: Postgres | undefined;
let files: http.Server;
let filesUrl: string;
let dir: string;

beforeAll(async () => {
  dir = runDir(`template-permissions-${DB}`);
  // The developer's repository, served over HTTP on loopback.
  const served: Record<string, string> = {
    '/with-template.yaml': `${stringify(ownComponent)}---\n${stringify(
      ownTemplate,
    )}`,
    '/component-only.yaml': stringify(ownComponent),
  };
  files = http.createServer((req, res) => {
    const body = served[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/yaml' });
    res.end(body ?? '');
  });
  await new Promise<void>(resolve => files.listen(0, '127.0.0.1', resolve));
  const filesHost = `127.0.0.1:${(files.address() as AddressInfo).port}`;
  filesUrl = `http://${filesHost}`;

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  oidc = await startOidcServer({
    redirectUri: `${baseUrl}/api/auth/oidc/handler/frame`,
    accounts: {
      'ops-user': {
        email: 'alice.ops@runway.example.com',
        email_verified: true,
        name: 'Alice Ops',
      },
      'manager-user': {
        email: 'carol.finance@runway.example.com',
        email_verified: true,
        name: 'Carol Finance',
      },
    },
  });
  let database: Record<string, unknown> | undefined;
  if (DB === 'postgres') {
    postgres = await startPostgres();
    database = {
      client: 'pg',
      connection: {
        host: postgres.host,
        port: postgres.port,
        user: postgres.user,
        password: postgres.password,
      },
    };
  }
  backend = await startBackend({
    port,
    dir,
    database,
    config: {
      backend: { reading: { allow: [{ host: filesHost }] } },
      runwayTemplates: {
        publish: { local: { directory: path.join(dir, 'repos') } },
      },
      auth: {
        session: { secret: 'runway-test-session-secret' },
        providers: {
          oidc: {
            development: {
              metadataUrl: oidc.metadataUrl,
              clientId: oidc.clientId,
              clientSecret: oidc.clientSecret,
              prompt: 'auto',
            },
          },
        },
      },
      // The shipped role bindings, without the development extras for guest.
      runway: {
        permissions: {
          roles: {
            developer: [
              'group:default/team-payments',
              'group:default/team-checkout',
            ],
            ops: ['group:default/platform-ops'],
            manager: ['group:default/finance'],
          },
        },
      },
    },
  });
  await waitForEntities(
    backend.baseUrl,
    'kind=template,metadata.name=microservice',
    { count: 1 },
  );
  await waitForEntities(
    backend.baseUrl,
    'kind=user,metadata.name=alice.ops,metadata.name=carol.finance',
    {
      count: 2,
      ok: (u: { relations?: { type: string }[] }) =>
        (u.relations ?? []).some(r => r.type === 'memberOf'),
    },
  );
});

afterAll(async () => {
  await backend?.stop();
  await oidc?.stop();
  await postgres?.stop();
  await new Promise(resolve => (files ? files.close(resolve) : resolve(null)));
});

async function signIn(login: string): Promise<string> {
  const result = await oidcSignIn({ backendUrl: backend.baseUrl, login });
  if (!('response' in result)) {
    throw new Error(`sign-in of ${login} failed: ${result.error.message}`);
  }
  return result.response.backstageIdentity.token;
}

function post(token: string, pathname: string, body: unknown) {
  return fetch(`${backend.baseUrl}${pathname}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

/** Processing errors the catalog recorded for its locations. */
async function catalogProcessingErrors(): Promise<string> {
  const sql =
    "SELECT errors FROM refresh_state WHERE entity_ref LIKE 'location:%'";
  if (postgres) {
    const client = new Client({
      host: postgres.host,
      port: postgres.port,
      user: postgres.user,
      password: postgres.password,
      database: 'backstage_plugin_catalog',
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ errors: string | null }>(sql);
      return rows.map(r => r.errors ?? '').join('\n');
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(dir, 'sqlite', 'catalog.sqlite'), {
    readonly: true,
  });
  try {
    const rows = db.prepare(sql).all() as { errors: string | null }[];
    return rows.map(r => r.errors ?? '').join('\n');
  } finally {
    db.close();
  }
}

describe(`templates and tasks on ${DB}`, () => {
  it("refuses a Template in a developer's registered location", async () => {
    const token = await guestToken(backend.baseUrl);
    const target = `${filesUrl}/with-template.yaml`;

    // what the register page asks first: refused, naming the Template
    const check = await post(token, '/api/catalog/locations?dryRun=true', {
      type: 'url',
      target,
    });
    expect(check.status).toBe(400);
    expect(await check.text()).toContain(
      'Entity template:default/my-own-stack',
    );
    // the same repository without the Template is accepted
    const plain = await post(token, '/api/catalog/locations?dryRun=true', {
      type: 'url',
      target: `${filesUrl}/component-only.yaml`,
    });
    expect(plain.status).toBe(201);

    // registered anyway: the catalog records the refusal, ingests nothing
    const created = await post(token, '/api/catalog/locations', {
      type: 'url',
      target,
    });
    expect(created.status).toBe(201);
    const deadline = Date.now() + 60_000;
    let errors = await catalogProcessingErrors();
    while (
      !errors.includes('template:default/my-own-stack') &&
      Date.now() < deadline
    ) {
      await new Promise(r => setTimeout(r, 500));
      errors = await catalogProcessingErrors();
    }
    expect(errors).toContain(
      `Entity template:default/my-own-stack at url:${target}`,
    );
    expect(errors).toContain('is not of an allowed kind for that location');
    const templates = await api<unknown[]>(
      backend.baseUrl,
      token,
      `/api/catalog/entities?filter=${encodeURIComponent(
        'kind=template,metadata.name=my-own-stack',
      )}`,
    );
    expect(templates).toEqual([]);
  });

  it("refuses a developer's dry run of an inline template that deploys a stack", async () => {
    const token = await guestToken(backend.baseUrl);
    const res = await post(token, '/api/scaffolder/v2/dry-run', {
      template: ownTemplate,
      values: {},
      secrets: {},
      directoryContents: [
        {
          path: 'stack.yaml',
          base64Content: Buffer.from('Resources: {}\n').toString('base64'),
        },
      ],
    });
    expect(res.status).toBe(403);
  });

  it('runs the golden path for a developer; only its owner and ops read the task', async () => {
    const token = await guestToken(backend.baseUrl);
    // public, with a database and a queue: every step of the template runs
    const result = await runTask(
      backend,
      token,
      'microservice',
      formValues({ ...COMBINATIONS[0], name: 'permission-proof' }),
    );
    expectCompleted(result);
    expect(fs.existsSync(path.join(dir, 'repos', 'permission-proof.git'))).toBe(
      true,
    );

    const tasks = await api<{ tasks: { id: string; createdBy: string }[] }>(
      backend.baseUrl,
      token,
      '/api/scaffolder/v2/tasks',
    );
    const ids = tasks.tasks.map(t => t.id);
    expect(ids).toHaveLength(1);
    const [id] = ids;

    const manager = await signIn('manager-user');
    const read = await fetch(
      `${backend.baseUrl}/api/scaffolder/v2/tasks/${id}`,
      {
        headers: { authorization: `Bearer ${manager}` },
      },
    );
    expect(read.status).toBe(403);
    const events = await fetch(
      `${backend.baseUrl}/api/scaffolder/v2/tasks/${id}/events`,
      { headers: { authorization: `Bearer ${manager}` } },
    );
    expect(events.status).toBe(403);
    const listed = await api<{ tasks: { id: string }[] }>(
      backend.baseUrl,
      manager,
      '/api/scaffolder/v2/tasks',
    );
    expect(listed.tasks.map(t => t.id)).not.toContain(id);
    const cancel = await post(
      manager,
      `/api/scaffolder/v2/tasks/${id}/cancel`,
      {},
    );
    expect(cancel.status).toBe(403);

    const ops = await signIn('ops-user');
    const byOps = await api<{ id: string; createdBy: string }>(
      backend.baseUrl,
      ops,
      `/api/scaffolder/v2/tasks/${id}`,
    );
    expect(byOps).toMatchObject({ id, createdBy: 'user:default/guest' });
  });
});
