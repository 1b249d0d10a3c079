import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  GetAnomaliesCommand,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockClient } from 'aws-sdk-client-mock';
import { addDays } from '@runway/plugin-aws-cost-common';
import path from 'node:path';

/*
 * What the cost benchmark runs against: 200 catalog Components, Cost
 * Explorer as aws-sdk-client-mock answers it, a policy that allows
 * everything, and the peer plugin bench/cost.sh unpacks.
 */

/** The repository root. */
export const ROOT = path.resolve(__dirname, '../../../../..');

/** Today (UTC). */
export const TODAY = new Date().toISOString().slice(0, 10);

const ENTITIES = 200;

/** 200 Components, each allocated by its own service tag. */
export const components: Entity[] = Array.from(
  { length: ENTITIES },
  (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `svc-${i}`,
      namespace: 'default',
      annotations: {
        'runway.io/cost-allocation': `service=svc-${i}`,
        'aws.amazon.com/cost-insights-tags': `service=svc-${i}`,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: `team-${i % 10}` },
  }),
);

/** Cost Explorer as the mock answers it: daily groups for 200 services. */
export function ceResponses(ce: ReturnType<typeof mockClient>) {
  ce.on(GetCostAndUsageCommand).callsFake(input => {
    const groups = input.GroupBy ?? [];
    const start = input.TimePeriod.Start as string;
    const end = input.TimePeriod.End as string;
    const days: string[] = [];
    for (let d = start; d < end && days.length < 400; d = addDays(d, 1))
      days.push(d);
    // Runway's sync pages: 20 services per page, 10 pages
    const page = Number(input.NextPageToken ?? 0);
    return {
      ResultsByTime: days.map(day => ({
        TimePeriod: { Start: day, End: addDays(day, 1) },
        Total: { UnblendedCost: { Amount: '12.5', Unit: 'USD' } },
        Groups: groups.length
          ? Array.from({ length: 20 }, (_, j) => ({
              Keys: [
                'Amazon Elastic Compute Cloud',
                `service$svc-${page * 20 + j}`,
              ],
              Metrics: {
                AmortizedCost: { Amount: '3.25', Unit: 'USD' },
                UnblendedCost: { Amount: '3.5', Unit: 'USD' },
              },
            }))
          : [],
      })),
      ...(groups.length && page < 9 ? { NextPageToken: String(page + 1) } : {}),
    };
  });
  ce.on(GetCostForecastCommand).resolves({
    Total: { Amount: '1000', Unit: 'USD' },
  } as any);
  ce.on(GetAnomaliesCommand).resolves({ Anomalies: [] } as any);
}

/** A policy that allows every request. */
export const allow = mockServices.permissions.factory({
  result: AuthorizeResult.ALLOW,
});

/** The peer, unpacked by bench/cost.sh under .runway/bench/peer. */
export function loadPeer() {
  const dir = path.join(
    ROOT,
    '.runway/bench/peer/node_modules/@aws/cost-insights-plugin-for-backstage-backend',
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(dir);
}
