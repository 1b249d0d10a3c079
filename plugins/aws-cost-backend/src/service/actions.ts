import {
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CostChange, Micros } from '@runway/plugin-aws-cost-common';
import { AwsCostService } from './AwsCostService';
import { readEntityCost, requireReportRead } from './reads';
import { ResponseCache } from './ResponseCache';

const amount = (micros: Micros) => Math.round(micros) / 1_000_000;
const change = (c: CostChange) => ({
  previous: amount(c.previous),
  delta: amount(c.delta),
  ratio: c.ratio,
});

/**
 * Registers the cost plugin's action (exposed to MCP clients by the MCP
 * actions backend): `cost-summary`, an entity's or a team's spend, change
 * and forecast with the checks of `GET /entity/:kind/:namespace/:name`, or
 * without an entity the organisation's month with the checks of
 * `GET /summary` (`aws-cost.report.read`: managers and ops).
 *
 * @public
 */
export function registerCostActions(options: {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  catalog: CatalogService;
  reports: AwsCostService;
  cache: ResponseCache;
}): void {
  const { actionsRegistry, permissions, reports, cache } = options;
  actionsRegistry.register({
    name: 'cost-summary',
    title: 'AWS spend of a service, a team or the organisation',
    description: `AWS spend in the dashboard's currency: month to date, last month, the change against the same days of last month, and the forecast for the month's end. With entityRef, the spend of that service (a Component) or team (a Group, its services included), answered only where the caller may read it (owners and members; managers and ops for any). Without entityRef, the whole organisation's month, for managers and ops only. Amounts are in currency units (not cents).`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .optional()
            .describe(
              'The service or team, as kind:namespace/name (component:default/checkout-api, group:default/team-checkout); kind defaults to component. Omit for the organisation.',
            ),
        }),
      output: z =>
        z.object({
          scope: z
            .string()
            .describe('The entity ref, or "organisation" without one'),
          currency: z.string().describe('Currency of every amount'),
          asOf: z.string().optional().describe('Last day with cost data'),
          monthToDate: z.number(),
          lastMonth: z.number(),
          change: z
            .object({
              previous: z.number(),
              delta: z.number(),
              ratio: z.number().nullable(),
            })
            .describe(
              'Month to date against the same days of last month (ratio: delta / previous)',
            ),
          forecastMonthEnd: z.number(),
          topAwsServices: z
            .array(z.object({ key: z.string(), total: z.number() }))
            .optional()
            .describe("The entity's largest AWS services over the range"),
          includes: z
            .array(z.string())
            .optional()
            .describe("Components a team's spend covers"),
          warnings: z
            .array(z.string())
            .optional()
            .describe('What the answer could not attribute, in words'),
          sample: z.boolean().describe('Whether the data is sample data'),
        }),
    },
    action: async ({ input, credentials }) => {
      if (input.entityRef === undefined) {
        await requireReportRead(permissions, credentials);
        const summary = await cache.get('summary', () => reports.summary());
        return {
          output: {
            scope: 'organisation',
            currency: summary.status.currency,
            asOf: summary.asOf,
            monthToDate: amount(summary.monthToDate),
            lastMonth: amount(summary.lastMonth),
            change: change(summary.change),
            forecastMonthEnd: amount(summary.forecastMonthEnd),
            sample: summary.status.sample,
          },
        };
      }
      const cost = await readEntityCost(
        options,
        credentials,
        input.entityRef,
        {},
      );
      return {
        output: {
          scope: cost.entityRef,
          currency: cost.status.currency,
          asOf: cost.status.lastDay ?? undefined,
          monthToDate: amount(cost.monthToDate),
          lastMonth: amount(cost.lastMonth),
          change: change(cost.change),
          forecastMonthEnd: amount(cost.forecastMonthEnd),
          topAwsServices: cost.topAwsServices.map(s => ({
            key: s.key,
            total: amount(s.total),
          })),
          includes: cost.includes,
          warnings: cost.warnings,
          sample: cost.status.sample,
        },
      };
    },
  });
}
