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
    ]) {
      const tool = tools.find(t => t.name === name);
      expect(tool, name).toBeDefined();
      expect(tool!.annotations?.readOnlyHint).toBe(true);
      expect(tool!.description?.length).toBeGreaterThan(40);
    }
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

test('an anonymous client is refused', async () => {
  await expect(connect(undefined)).rejects.toThrow(/401|Unauthorized/i);
});
