/**
 * Runway's MCP server (the MCP actions backend at /api/mcp-actions/v1) on
 * the production rehearsal, through the load balancer, with the official
 * TypeScript MCP client: the tools Runway's plugins register, called with a
 * signed-in user's token, answer what the plugins' routes answer for that
 * user, and an anonymous client is refused (docs/agents.md).
 */
import { expect, test } from '@playwright/test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { get, tokenFor } from './api';
import { rehearsalState } from './state';

const DEVELOPER = 'grace.checkout';
const CHECKOUT = 'component:default/checkout-api';

/** An MCP client connected as `login` (no token when undefined). */
async function connect(login: string | undefined): Promise<Client> {
  const headers: Record<string, string> = login
    ? { authorization: `Bearer ${await tokenFor(login)}` }
    : {};
  const client = new Client({ name: 'runway-rehearsal', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`${rehearsalState().url}/api/mcp-actions/v1`),
      { requestInit: { headers } },
    ),
  );
  return client;
}

/** A tool's answer: its structured content, else its text parsed as JSON. */
async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<{ isError: boolean; value: any; text: string }> {
  const result: any = await client.callTool({ name, arguments: args });
  const text = (result.content ?? [])
    .filter((c: { type: string }) => c.type === 'text')
    .map((c: { text: string }) => c.text)
    .join('\n');
  let value = result.structuredContent;
  if (value === undefined) {
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
  }
  return { isError: Boolean(result.isError), value, text };
}

test.describe.configure({ mode: 'serial' });

test("lists Runway's tools to a signed-in user", async () => {
  const client = await connect(DEVELOPER);
  try {
    const { tools } = await client.listTools();
    const names = tools.map(t => t.name);
    console.log(`MCP tools: ${names.sort().join(', ')}`);
    for (const name of [
      'slo.slo-status',
      'slo.deploy-gate',
      'decisions.find-decisions',
      'decisions.find-runbook',
      'eks.service-health',
      'eks.cluster-overview',
      'aws-cost.cost-summary',
      'scaffolder.create-service-dry-run',
      'template-upgrades.template-status',
    ]) {
      const tool = tools.find(t => t.name === name);
      expect(tool, name).toBeDefined();
      expect(tool!.annotations?.readOnlyHint).toBe(true);
      expect(tool!.description?.length).toBeGreaterThan(40);
    }
    const upgrade = tools.find(
      t => t.name === 'template-upgrades.upgrade-service',
    );
    expect(upgrade?.annotations?.readOnlyHint).toBe(false);
    expect(upgrade?.annotations?.destructiveHint).toBe(false);
  } finally {
    await client.close();
  }
});

test('slo-status and deploy-gate answer as the SLO routes do for the same user', async () => {
  const client = await connect(DEVELOPER);
  try {
    const status = await call(client, 'slo.slo-status', {
      entityRef: CHECKOUT,
    });
    expect(status.isError, status.text).toBe(false);
    const route = await get(
      DEVELOPER,
      `/api/slo/entity/component/default/checkout-api`,
    );
    expect(route.status).toBe(200);
    const figures = (slos: any[]) =>
      slos.map(s => `${s.name} ${s.status} ${s.objective} ${s.window}`).sort();
    expect(figures(status.value.slos)).toEqual(figures(route.body.slos));
    expect(status.value.slos.length).toBeGreaterThan(0);

    const gate = await call(client, 'slo.deploy-gate', {
      entityRef: CHECKOUT,
      environment: 'production',
    });
    expect(gate.isError, gate.text).toBe(false);
    const gateRoute = await get(
      DEVELOPER,
      `/api/slo/gate?entity=${encodeURIComponent(CHECKOUT)}&env=production`,
    );
    expect(gateRoute.status).toBe(200);
    expect({
      decision: gate.value.decision,
      reasons: gate.value.reasons,
    }).toEqual(gateRoute.body);

    // an entity the catalog does not hold: the route's 404, as a tool error
    const missing = await call(client, 'slo.slo-status', {
      entityRef: 'component:default/no-such-service',
    });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/no-such-service/);
  } finally {
    await client.close();
  }
});

test('find-decisions and find-runbook answer from the Decisions index as its routes do', async () => {
  const client = await connect(DEVELOPER);
  try {
    const decisions = await call(client, 'decisions.find-decisions', {
      entity: CHECKOUT,
    });
    expect(decisions.isError, decisions.text).toBe(false);
    const route = await get(
      DEVELOPER,
      `/api/decisions/adrs?entity=${encodeURIComponent(CHECKOUT)}`,
    );
    expect(route.status).toBe(200);
    const titles = (items: { number: string; title: string }[]) =>
      items.map(a => `${a.number} ${a.title}`).sort();
    expect(titles(decisions.value.items)).toEqual(titles(route.body.items));
    expect(decisions.value.items.length).toBeGreaterThan(0);

    // the alert the generated PrometheusRule fires for checkout-api's
    // availability SLO finds its section of checkout-api's runbook
    const runbook = await call(client, 'decisions.find-runbook', {
      alert: 'CheckoutApiAvailabilityErrorBudgetFastBurn',
    });
    expect(runbook.isError, runbook.text).toBe(false);
    expect(runbook.value).toMatchObject({
      found: true,
      entityRef: CHECKOUT,
      heading: expect.stringContaining(
        'CheckoutApiAvailabilityErrorBudgetFastBurn',
      ),
      docsPath: expect.stringMatching(
        /^\/docs\/default\/component\/checkout-api\/.*#checkoutapiavailabilityerrorbudgetfastburn$/,
      ),
    });
    expect(runbook.value.text.length).toBeGreaterThan(0);
  } finally {
    await client.close();
  }
});

test("service-health and cluster-overview answer as the EKS routes do, within the caller's permissions", async () => {
  const developer = await connect(DEVELOPER);
  const ops = await connect('alice.ops');
  try {
    const health = await call(developer, 'eks.service-health', {
      entityRef: CHECKOUT,
    });
    expect(health.isError, health.text).toBe(false);
    const route = await get(
      DEVELOPER,
      `/api/eks/workloads?entity=${encodeURIComponent(CHECKOUT)}`,
    );
    expect(route.status).toBe(200);
    expect(health.value.verdict).toBe(route.body.health.verdict);
    expect(health.value.reasons.map((r: { code: string }) => r.code)).toEqual(
      route.body.health.reasons.map((r: { code: string }) => r.code),
    );
    expect(health.value.summary.length).toBeGreaterThan(0);

    const overview = await call(ops, 'eks.cluster-overview', {});
    expect(overview.isError, overview.text).toBe(false);
    const clusters = await get('alice.ops', '/api/eks/clusters');
    expect(
      overview.value.clusters.map((c: { name: string }) => c.name).sort(),
    ).toEqual(
      clusters.body.clusters.map((c: { name: string }) => c.name).sort(),
    );

    // a developer may not read the clusters (eks.cluster.read): refused by
    // the tool as by the route
    expect((await get(DEVELOPER, '/api/eks/clusters')).status).toBe(403);
    const refused = await call(developer, 'eks.cluster-overview', {});
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/not allowed|permission|403/i);
  } finally {
    await developer.close();
    await ops.close();
  }
});

test("cost-summary: a developer gets their own service's spend and is refused the manager's answer", async () => {
  const developer = await connect(DEVELOPER);
  const manager = await connect('carol.finance');
  try {
    const own = await call(developer, 'aws-cost.cost-summary', {
      entityRef: CHECKOUT,
    });
    expect(own.isError, own.text).toBe(false);
    const route = await get(
      DEVELOPER,
      '/api/aws-cost/entity/component/default/checkout-api',
    );
    expect(route.status).toBe(200);
    expect(own.value.monthToDate).toBe(
      Math.round(route.body.monthToDate) / 1e6,
    );

    // the organisation's month: the manager's answer, refused to a developer
    // by the tool as by the route
    const org = await call(manager, 'aws-cost.cost-summary', {});
    expect(org.isError, org.text).toBe(false);
    const summary = await get('carol.finance', '/api/aws-cost/summary');
    expect(org.value.monthToDate).toBe(
      Math.round(summary.body.monthToDate) / 1e6,
    );
    expect((await get(DEVELOPER, '/api/aws-cost/summary')).status).toBe(403);
    const refused = await call(developer, 'aws-cost.cost-summary', {});
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/Not allowed: aws-cost.report.read/);
    const otherTeam = await call(developer, 'aws-cost.cost-summary', {
      entityRef: 'group:default/team-payments',
    });
    expect(otherTeam.isError).toBe(true);
  } finally {
    await developer.close();
    await manager.close();
  }
});

/** The production golden path's answers for a service not in the catalog. */
const DRY_RUN_VALUES = {
  name: 'mcp-dry-run-api',
  description: 'Answers the MCP rehearsal',
  owner: 'group:default/team-checkout',
  system: 'system:default/storefront',
  language: 'go',
  ci: 'github-actions',
  tier: '2',
  database: 'none',
  queue: 'none',
  exposure: 'internal',
};

test("create-service-dry-run: a developer gets the golden path's files and the field a bad answer names; a user who may not create services is refused", async () => {
  const developer = await connect(DEVELOPER);
  const manager = await connect('carol.finance');
  try {
    // the production template registered from app-config.production.yaml's
    // catalog.locations (the default template), run as a dry run for the
    // developer: the tool checks what creating a service from it needs
    // (scaffolder.task.create, the template's parameter and step reads),
    // then Runway makes the run
    const run = await call(developer, 'scaffolder.create-service-dry-run', {
      values: DRY_RUN_VALUES,
      include: ['catalog-info.yaml', 'Dockerfile'],
    });
    expect(run.isError, run.text).toBe(false);
    expect(run.value.ok, JSON.stringify(run.value.errors)).toBe(true);
    expect(run.value.template).toBe('template:default/microservice');
    expect(run.value.errors).toEqual([]);
    const paths = run.value.files.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['Dockerfile', 'catalog-info.yaml', 'go.mod']),
    );
    for (const file of run.value.files) {
      expect(file.bytes, file.path).toBeGreaterThan(0);
    }
    const [entity, dockerfile] = run.value.contents;
    expect(entity).toMatchObject({ path: 'catalog-info.yaml', found: true });
    expect(entity.text).toMatch(/^ {2}name: mcp-dry-run-api$/m);
    expect(dockerfile).toMatchObject({ path: 'Dockerfile', found: true });
    expect(dockerfile.text).toMatch(/^FROM /m);
    // publishing and registering do not run in dry runs: nothing is created
    const status = Object.fromEntries(
      run.value.steps.map((s: { id: string; status: string }) => [
        s.id,
        s.status,
      ]),
    );
    expect(status).toMatchObject({
      validate: 'completed',
      'publish-github': 'skipped',
      register: 'skipped',
    });
    expect(
      (
        await get(
          DEVELOPER,
          '/api/catalog/entities/by-name/component/default/mcp-dry-run-api',
        )
      ).status,
    ).toBe(404);

    // a name with capitals: the template's input check names the field
    const bad = await call(developer, 'scaffolder.create-service-dry-run', {
      values: { ...DRY_RUN_VALUES, name: 'MCP-Dry-Run' },
    });
    expect(bad.isError, bad.text).toBe(false);
    expect(bad.value.ok).toBe(false);
    expect(bad.value.files).toEqual([]);
    expect(bad.value.errors).toContainEqual({
      field: 'name',
      message: expect.stringContaining('lower-case'),
    });

    // an answer outside the template's schema: the field, before any step
    const schema = await call(developer, 'scaffolder.create-service-dry-run', {
      values: { ...DRY_RUN_VALUES, language: 'cobol' },
    });
    expect(schema.isError, schema.text).toBe(false);
    expect(schema.value.ok).toBe(false);
    expect(schema.value.errors).toContainEqual({
      field: 'language',
      message: expect.stringContaining('enum'),
    });

    // the scaffolder's own dry-run route still refuses the developer an
    // inline template (scaffolder.template.dry-run is for ops): the tool
    // runs only the organisation's templates, and does not widen that route
    const route = await fetch(
      `${rehearsalState().url}/api/scaffolder/v2/dry-run`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await tokenFor(DEVELOPER)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          template: {},
          values: {},
          directoryContents: [],
        }),
        signal: AbortSignal.timeout(60_000),
      },
    );
    expect(route.status).toBe(403);

    // a manager may not create services (scaffolder.task.create is for
    // developers and ops in Runway's policy): the tool refuses, naming it
    const refused = await call(manager, 'scaffolder.create-service-dry-run', {
      values: DRY_RUN_VALUES,
    });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/Not allowed: scaffolder\.task\.create/);

    // a template the catalog does not hold is refused, by name
    const other = await call(developer, 'scaffolder.create-service-dry-run', {
      template: 'template:default/no-such-template',
      values: DRY_RUN_VALUES,
    });
    expect(other.isError).toBe(true);
    expect(other.text).toMatch(/no-such-template/);
  } finally {
    await developer.close();
    await manager.close();
  }
});

test('an anonymous client is refused', async () => {
  await expect(connect(undefined)).rejects.toThrow(/401|Unauthorized/i);
});
