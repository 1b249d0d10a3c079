/**
 * The real Runway backend, started as `yarn start` starts it, against the
 * database named by RUNWAY_TEST_DB (`sqlite`, the default, or `postgres`: a
 * throwaway Debian PostgreSQL server), with a real OIDC provider on
 * loopback standing in for AWS Cognito.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import {
  api,
  Backend,
  guestSession,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import { OidcServer, startOidcServer } from '../harness/oidcServer';
import { oidcSignIn } from '../harness/oidcSignIn';
import { Postgres, startPostgres } from '../harness/postgres';
import { SmtpSink, startSmtpSink } from '../harness/smtp';
import { freePort, runDir } from '../harness/processes';

const DB = process.env.RUNWAY_TEST_DB ?? 'sqlite';
if (DB !== 'sqlite' && DB !== 'postgres') {
  throw new Error(`RUNWAY_TEST_DB must be sqlite or postgres, got '${DB}'`);
}

type Entity = {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  relations?: { type: string; targetRef: string }[];
};
type Decision = { items: { id: string; result: string }[] };

jest.setTimeout(240_000);

describe(`Runway backend on ${DB}`, () => {
  let backend: Backend;
  let oidc: OidcServer;
  let postgres: Postgres | undefined;
  let smtp: SmtpSink;
  let dir: string;

  beforeAll(async () => {
    dir = runDir(`backend-${DB}`);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    oidc = await startOidcServer({
      redirectUri: `${baseUrl}/api/auth/oidc/handler/frame`,
      accounts: {
        // Upper case on purpose: catalog emails match ignoring case.
        'ops-user': {
          email: 'Alice.Ops@runway.example.com',
          email_verified: true,
          name: 'Alice Ops',
        },
        'manager-user': {
          email: 'carol.finance@runway.example.com',
          email_verified: true,
          name: 'Carol Finance',
        },
        'payments-user': {
          email: 'erin.payments@runway.example.com',
          email_verified: true,
          name: 'Erin Payments',
        },
        mallory: {
          email: 'mallory@runway.example.com',
          email_verified: true,
          name: 'Mallory',
        },
        stranger: {
          email: 'stranger@elsewhere.example.org',
          email_verified: true,
          name: 'Stranger',
        },
        unverified: {
          email: 'bob.sre@runway.example.com',
          email_verified: false,
          name: 'Unverified',
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

    // the organisation's mail relay: notifications go out by email too
    smtp = await startSmtpSink();

    backend = await startBackend({
      port,
      dir,
      database,
      extraLocations: [
        path.resolve(__dirname, '../../fixtures/self-granted-role.yaml'),
      ],
      config: {
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
        // the cost check may be triggered at once
        awsCost: { notifications: { initialDelaySeconds: 0 } },
        runway: {
          notifications: {
            email: {
              host: smtp.host,
              port: smtp.port,
              sender: 'Runway <runway@runway.example.com>',
            },
          },
          // The shipped role bindings, without the development extras for guest.
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
    // Sign-in and roles depend on users' memberOf relations, which the
    // catalog adds last while it ingests catalog/ after start-up.
    await waitForEntities<Entity>(
      backend.baseUrl,
      'kind=user,metadata.name=guest,metadata.name=alice.ops,metadata.name=carol.finance',
      {
        count: 3,
        ok: u => (u.relations ?? []).some(r => r.type === 'memberOf'),
      },
    );
  });

  afterAll(async () => {
    if (backend) {
      // Recorded for docs/benchmarks.md (backend RSS after start and these tests).
      fs.writeFileSync(path.join(dir, 'rss-mib.txt'), `${backend.rssMiB()}\n`);
    }
    await backend?.stop();
    await oidc?.stop();
    await postgres?.stop();
    await smtp?.stop();
  });

  async function entities(token: string, filter: string): Promise<Entity[]> {
    return api<Entity[]>(
      backend.baseUrl,
      token,
      `/api/catalog/entities?filter=${encodeURIComponent(filter)}`,
    );
  }

  async function authorize(token: string, permissions: string[]) {
    const body = {
      items: permissions.map((name, i) => ({
        id: String(i),
        permission: { type: 'basic', name, attributes: {} },
      })),
    };
    const decision = await api<Decision>(
      backend.baseUrl,
      token,
      '/api/permission/authorize',
      {
        method: 'POST',
        body,
      },
    );
    return Object.fromEntries(
      decision.items.map(item => [permissions[Number(item.id)], item.result]),
    );
  }

  /** Runs one query on the test PostgreSQL server. */
  async function queryPostgres<T extends object>(
    database: string,
    sql: string,
  ): Promise<T[]> {
    const client = new Client({
      host: postgres!.host,
      port: postgres!.port,
      user: postgres!.user,
      password: postgres!.password,
      database,
    });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  async function databasesInUse(): Promise<string[]> {
    if (!postgres) {
      return fs.readdirSync(path.join(dir, 'sqlite'));
    }
    const rows = await queryPostgres<{ datname: string }>(
      'postgres',
      "SELECT datname FROM pg_database WHERE datname LIKE 'backstage_plugin_%'",
    );
    return rows.map(r => r.datname);
  }

  /**
   * Processing errors the catalog recorded for its locations, read from its
   * own database (they are not served by the API while the location has
   * errors).
   */
  async function catalogProcessingErrors(): Promise<string> {
    const sql =
      "SELECT errors FROM refresh_state WHERE entity_ref LIKE 'location:%'";
    let rows: { errors: string | null }[];
    if (postgres) {
      rows = await queryPostgres('backstage_plugin_catalog', sql);
    } else {
      const db = new Database(path.join(dir, 'sqlite', 'catalog.sqlite'), {
        readonly: true,
      });
      try {
        rows = db.prepare(sql).all() as { errors: string | null }[];
      } finally {
        db.close();
      }
    }
    return rows.map(r => r.errors ?? '').join('\n');
  }

  it('stores its data in the configured database', async () => {
    const expected =
      DB === 'postgres'
        ? ['backstage_plugin_catalog', 'backstage_plugin_auth']
        : ['catalog.sqlite', 'auth.sqlite'];
    expect(await databasesInUse()).toEqual(expect.arrayContaining(expected));
  });

  it('serves Decisions from its own database: 200 from the first request, then the stored index', async () => {
    const token = await guestToken(backend.baseUrl);
    const deadline = Date.now() + 60_000;
    let body: { items: unknown[]; refreshedAt?: string };
    for (;;) {
      const res = await fetch(`${backend.baseUrl}/api/decisions/adrs`, {
        headers: { authorization: `Bearer ${token}` },
      });
      // before the global refresh task has run: an empty index, no 5xx
      expect(res.status).toBe(200);
      body = await res.json();
      if (body.refreshedAt || Date.now() > deadline) break;
      await new Promise(r => setTimeout(r, 500));
    }
    expect(body.refreshedAt).toEqual(expect.any(String));
    expect(await databasesInUse()).toContain(
      DB === 'postgres' ? 'backstage_plugin_decisions' : 'decisions.sqlite',
    );
  });

  it('refuses catalog reads without a token', async () => {
    const res = await fetch(`${backend.baseUrl}/api/catalog/entities?limit=1`);
    expect(res.status).toBe(401);
  });

  it('loads the org and Runway itself into the catalog', async () => {
    const token = await guestToken(backend.baseUrl);
    const groups = await entities(token, 'kind=group');
    expect(groups.map(g => g.metadata.name)).toEqual(
      expect.arrayContaining([
        'platform-ops',
        'finance',
        'team-payments',
        'team-checkout',
      ]),
    );
    const users = await entities(token, 'kind=user');
    expect(users.length).toBeGreaterThanOrEqual(8);
    const [runway] = await entities(
      token,
      'kind=component,metadata.name=runway',
    );
    expect(runway.metadata.annotations?.['backstage.io/techdocs-ref']).toBe(
      'dir:.',
    );
    expect(runway.spec?.owner).toBe('group:platform-ops');
    const systems = await entities(token, 'kind=system,metadata.name=runway');
    expect(systems).toHaveLength(1);
  });

  it('signs guests in as the catalog user guest, a developer', async () => {
    const { identity, token } = await guestSession(backend.baseUrl);
    expect(identity).toMatchObject({
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: expect.arrayContaining([
        'group:default/team-payments',
      ]),
    });
    const decisions = await authorize(token, [
      'catalog.entity.read',
      'catalog.location.create',
      'catalog.location.delete',
      'aws-cost.report.read',
    ]);
    expect(decisions).toEqual({
      'catalog.entity.read': 'ALLOW',
      'catalog.location.create': 'ALLOW',
      'catalog.location.delete': 'DENY',
      'aws-cost.report.read': 'DENY',
    });
  });

  it('answers search for every document type, indexed yet or not, without a 5xx', async () => {
    const { token } = await guestSession(backend.baseUrl);
    for (const type of ['techdocs', 'software-catalog']) {
      const res = await fetch(
        `${backend.baseUrl}/api/search/query?term=runbook&types%5B0%5D=${type}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      expect({ type, status: res.status }).toEqual({ type, status: 200 });
      const body = await res.json();
      expect(Array.isArray(body.results)).toBe(true);
    }
  });

  async function signIn(login: string) {
    const result = await oidcSignIn({ backendUrl: backend.baseUrl, login });
    if (!('response' in result)) {
      throw new Error(`sign-in of ${login} failed: ${result.error.message}`);
    }
    return result.response.backstageIdentity;
  }

  it('signs a catalog user in through OIDC by email, with the roles of its groups', async () => {
    const { identity, token } = await signIn('ops-user');
    expect(identity.userEntityRef).toBe('user:default/alice.ops');
    expect(identity.ownershipEntityRefs).toContain(
      'group:default/platform-ops',
    );

    // The token works against the backend, and the user holds the ops role.
    const decisions = await authorize(token, [
      'catalog.location.delete',
      'aws-cost.report.read',
    ]);
    expect(decisions).toEqual({
      'catalog.location.delete': 'ALLOW',
      'aws-cost.report.read': 'ALLOW',
    });
  });

  it('gives a finance member signed in through OIDC the manager role only', async () => {
    const { identity, token } = await signIn('manager-user');
    expect(identity.userEntityRef).toBe('user:default/carol.finance');
    const decisions = await authorize(token, [
      'aws-cost.report.read',
      'catalog.entity.read',
      'catalog.location.create',
      'scaffolder.task.create',
    ]);
    expect(decisions).toEqual({
      'aws-cost.report.read': 'ALLOW',
      'catalog.entity.read': 'ALLOW',
      'catalog.location.create': 'DENY',
      'scaffolder.task.create': 'DENY',
    });
  });

  it('rejects an OIDC user who is not in the catalog, saying why', async () => {
    const result = await oidcSignIn({
      backendUrl: backend.baseUrl,
      login: 'stranger',
    });
    expect('error' in result && result.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'Sign-in failed: stranger@elsewhere.example.org is not a registered Runway user. ' +
        'Ask platform-ops to add a User entity with this email to the catalog.',
    });
  });

  it('rejects an OIDC email address the provider has not verified', async () => {
    const result = await oidcSignIn({
      backendUrl: backend.baseUrl,
      login: 'unverified',
    });
    expect('error' in result && result.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('is not verified'),
    });
  });

  it('refuses Users from locations other than the org files, so nobody can grant themselves a role', async () => {
    const token = await guestToken(backend.baseUrl);
    // The catalog records the refusal on the location that held the User.
    const deadline = Date.now() + 60_000;
    let errors = await catalogProcessingErrors();
    while (!errors.includes('user:default/mallory') && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 500));
      errors = await catalogProcessingErrors();
    }
    expect(errors).toContain('Entity user:default/mallory at file:');
    expect(errors).toContain('is not of an allowed kind for that location');
    expect(await entities(token, 'kind=user,metadata.name=mallory')).toEqual(
      [],
    );
    const result = await oidcSignIn({
      backendUrl: backend.baseUrl,
      login: 'mallory',
    });
    expect('error' in result && result.error.message).toContain(
      'mallory@runway.example.com is not a registered Runway user',
    );
  });

  it("builds Runway's docs with mkdocs and serves them through TechDocs", async () => {
    const token = await guestToken(backend.baseUrl);
    const sync = await fetch(
      `${backend.baseUrl}/api/techdocs/sync/default/component/runway`,
      {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'text/event-stream',
        },
      },
    );
    const events = await sync.text();
    expect(events).toContain('event: finish');
    expect(events).not.toContain('event: error');

    const page = await fetch(
      `${backend.baseUrl}/api/techdocs/static/docs/default/component/runway/index.html`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Runway');
    const architecture = await fetch(
      `${backend.baseUrl}/api/techdocs/static/docs/default/component/runway/architecture/index.html`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(architecture.status).toBe(200);
  });

  it('notifies and emails a cost anomaly to its owners once, however often the check runs (runway.notifications.email)', async () => {
    const { token } = await signIn('ops-user');
    const tasks = `${backend.baseUrl}/api/aws-cost/.backstage/scheduler/v1/tasks`;
    /** Runs the cost notifications check now and waits until it has run. */
    async function runCheck() {
      const task = 'aws-cost-notifications';
      const state = async () =>
        (
          await api<{ tasks: { taskId: string; taskState: any }[] }>(
            backend.baseUrl,
            token,
            '/api/aws-cost/.backstage/scheduler/v1/tasks',
          )
        ).tasks.find(t => t.taskId === task)?.taskState;
      const before = (await state())?.lastRunEndedAt;
      const trigger = await fetch(`${tasks}/${task}/trigger`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect([200, 409]).toContain(trigger.status);
      for (let tries = 0; ; tries++) {
        const now = await state();
        if (now?.status === 'idle' && now.lastRunEndedAt !== before) return;
        if (tries > 120)
          throw new Error(`${task} did not run: ${JSON.stringify(now)}`);
        await new Promise(resolve => setTimeout(resolve, 500));
      }
    }
    // a member of team-payments, which owns billing-worker
    const member = (await signIn('payments-user')).token;
    type Notification = {
      id: string;
      read: string | null;
      payload: { title: string; link?: string; topic?: string };
    };
    /** The billing-worker anomaly among the member's notifications. */
    const memberAnomalies = async () =>
      (
        await api<{ notifications: Notification[] }>(
          backend.baseUrl,
          member,
          '/api/notifications/notifications?search=billing-worker',
        )
      ).notifications.filter(n =>
        n.payload.title.startsWith('billing-worker: cost anomaly'),
      );

    // the sample data set is imported in the background at start: wait for
    // it (failing at once on an import error), then for the catalog's
    // billing-worker, before the check can find the anomaly
    type Status = {
      lastDay: string | null;
      sources: { source: string; lastError: string | null }[];
    };
    for (let tries = 0; ; tries++) {
      const status = await api<Status>(
        backend.baseUrl,
        token,
        '/api/aws-cost/status',
      );
      const failed = status.sources.find(s => s.lastError);
      if (failed) {
        throw new Error(`cost source ${failed.source}: ${failed.lastError}`);
      }
      if (status.lastDay) break;
      if (tries > 180) throw new Error('no cost data after 90 s');
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    await waitForEntities(
      backend.baseUrl,
      'kind=component,metadata.name=billing-worker',
      { count: 1 },
    );
    // the check's org index may still be the one it read before the
    // catalog was ingested (kept for a minute)
    for (let tries = 0; (await memberAnomalies()).length === 0; tries++) {
      if (tries > 20) throw new Error('no anomaly notification');
      await runCheck();
    }
    const [notification] = await memberAnomalies();
    expect(notification.payload).toMatchObject({
      topic: 'cost',
      link: '/catalog/default/component/billing-worker/cost',
    });

    // by email too, through the SMTP server: to team-payments' members
    // (the development guest is one) and the managers (finance), not to ops
    // nor to another team; the title as subject, the absolute link in the
    // body
    const owners = [
      'carol.finance@runway.example.com',
      'dan.manager@runway.example.com',
      'erin.payments@runway.example.com',
      'frank.payments@runway.example.com',
      'guest@runway.example.com',
    ];
    const anomalyMails = () =>
      smtp.emails.filter(e =>
        e.subject.startsWith('billing-worker: cost anomaly'),
      );
    for (let tries = 0; ; tries++) {
      const to = anomalyMails().flatMap(e => e.to);
      if (owners.every(address => to.includes(address))) break;
      if (tries > 120) throw new Error(`emails went to ${to.join(', ')}`);
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    expect(
      anomalyMails()
        .flatMap(e => e.to)
        .sort(),
    ).toEqual(owners);
    const [mail] = anomalyMails().filter(e =>
      e.to.includes('erin.payments@runway.example.com'),
    );
    expect(mail.from).toBe('runway@runway.example.com');
    expect(mail.subject).toBe(notification.payload.title);
    // the body without quoted-printable's soft line breaks
    expect(mail.raw.replace(/=\r\n/g, '')).toContain(
      `${backend.baseUrl}/catalog/default/component/billing-worker/cost`,
    );

    // the same event again: no second notification (a second one with the
    // same scope would mark the read notification unread again)
    await api(
      backend.baseUrl,
      member,
      '/api/notifications/notifications/update',
      { method: 'POST', body: { ids: [notification.id], read: true } },
    );
    await runCheck();
    await runCheck();
    const after = await memberAnomalies();
    expect(after).toHaveLength(1);
    expect(after[0].id).toBe(notification.id);
    expect(after[0].read).not.toBeNull();
    // nor a second email
    expect(anomalyMails()).toHaveLength(owners.length);
  });
});
