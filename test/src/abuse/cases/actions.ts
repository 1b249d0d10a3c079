/**
 * Runway's actions in the actions registry (the MCP server's tools,
 * docs/agents.md), invoked through each plugin's actions endpoint: every one
 * refuses callers without a valid token, and answers a developer no more than
 * the route it mirrors does.
 */
import { shows } from '../checks';
import type { Caller } from '../client';
import type { AbuseCase, Target } from '../runner';
import type { AbuseContext } from '../setup';

const ACTIONS: { plugin: Target & string; id: string; input: object }[] = [
  {
    plugin: 'slo',
    id: 'slo:slo-status',
    input: { entityRef: 'component:default/payments-api' },
  },
  {
    plugin: 'slo',
    id: 'slo:deploy-gate',
    input: {
      entityRef: 'component:default/payments-api',
      environment: 'production',
    },
  },
  {
    plugin: 'eks',
    id: 'eks:service-health',
    input: { entityRef: 'component:default/payments-api' },
  },
  { plugin: 'eks', id: 'eks:cluster-overview', input: {} },
  { plugin: 'decisions', id: 'decisions:find-decisions', input: {} },
  {
    plugin: 'decisions',
    id: 'decisions:find-runbook',
    input: { alert: 'PaymentsApiAvailabilityErrorBudgetFastBurn' },
  },
  { plugin: 'aws-cost', id: 'aws-cost:cost-summary', input: {} },
];

const invoke = (plugin: string, id: string) =>
  `/api/${plugin}/.backstage/actions/v1/actions/${id}/invoke`;

export function actionCases(ctx: AbuseContext): AbuseCase[] {
  const cases: AbuseCase[] = [];
  const add = (
    target: Target,
    name: string,
    as: Caller,
    plugin: string,
    id: string,
    input: object,
    expect: number[],
    extra: Partial<AbuseCase> = {},
  ) =>
    cases.push({
      name: `${target}: action ${id}: ${name}`,
      target,
      as,
      request: { method: 'POST', path: invoke(plugin, id), body: input },
      expect,
      ...extra,
    });

  for (const { plugin, id, input } of ACTIONS) {
    for (const caller of ['anonymous', 'garbage-token'] as const) {
      add(plugin, `${caller} invokes it`, caller, plugin, id, input, [401]);
    }
  }

  // the developer's role, exactly as the routes answer it
  add(
    'aws-cost',
    "the organisation's month (managers and ops only)",
    'developer',
    'aws-cost',
    'aws-cost:cost-summary',
    {},
    [403],
  );
  for (const entityRef of [
    'component:default/payments-api',
    'group:default/team-payments',
    'group:default/runway-org',
  ]) {
    add(
      'aws-cost',
      `another team's spend (${entityRef})`,
      'developer',
      'aws-cost',
      'aws-cost:cost-summary',
      { entityRef },
      [403],
    );
  }
  add(
    'aws-cost',
    "the spend of the developer's Component claiming payments-api's service tag",
    'developer',
    'aws-cost',
    'aws-cost:cost-summary',
    { entityRef: 'component:default/abuse-cost-claim' },
    [200, 403, 404],
    {
      leak: a =>
        (a.json?.output?.monthToDate ?? 0) > 0
          ? `spend shown: ${a.json.output.monthToDate}`
          : undefined,
    },
  );
  add(
    'eks',
    "every cluster's problems (ops only)",
    'developer',
    'eks',
    'eks:cluster-overview',
    { name: 'eks-production-euw1' },
    [403],
  );
  add(
    'eks',
    "Runway's own workloads through the developer's Component claiming them",
    'developer',
    'eks',
    'eks:service-health',
    { entityRef: 'component:default/abuse-kube-runway' },
    [409],
    { leak: shows(ctx.runwayPod.pod) },
  );
  add(
    'eks',
    "a restricted namespace through the developer's Component",
    'developer',
    'eks',
    'eks:service-health',
    { entityRef: 'component:default/abuse-kube-restricted' },
    [403],
    { leak: shows(ctx.runwayPod.pod) },
  );
  add(
    'slo',
    "another team's series through a Component named like its service",
    'developer',
    'slo',
    'slo:slo-status',
    { entityRef: 'component:abuse/checkout-api' },
    [200],
    {
      leak: a =>
        (a.json?.output?.slos ?? []).length > 0
          ? `SLOs evaluated: ${a.json.output.slos.length}`
          : undefined,
    },
  );
  add(
    'slo',
    'an input of the wrong shape',
    'developer',
    'slo',
    'slo:deploy-gate',
    { entityRef: { $ne: '' } },
    [400],
  );
  add(
    'decisions',
    "ADRs read from another team's repository",
    'developer',
    'decisions',
    'decisions:find-decisions',
    { entity: 'component:default/abuse-adr-victim' },
    [200],
    {
      leak: a =>
        (a.json?.output?.items ?? []).length > 0
          ? `ADRs served: ${a.json.output.items.length}`
          : undefined,
    },
  );
  return cases;
}
