import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { sampleDirectory } from './__testUtils__/store';
import {
  ENTITIES,
  notificationsMock,
  permissionsFactory,
} from './__testUtils__/testBackend';
import { awsCostPlugin } from './plugin';

jest.setTimeout(120_000);

const MONTH = new Date(Date.now() - 86_400_000).toISOString().slice(0, 7);

/** Starts the plugin on the sample data; returns its tasks and sends. */
async function start(
  notifications: {
    enabled?: boolean;
    frequencyMinutes?: number;
    initialDelaySeconds?: number;
  } = {},
) {
  const scheduler = mockServices.scheduler.mock();
  const sender = notificationsMock();
  await startTestBackend({
    features: [
      awsCostPlugin,
      mockServices.rootConfig.factory({
        data: {
          awsCost: {
            sources: {
              sample: { enabled: true, directory: sampleDirectory() },
            },
            // the sample anomaly is ~$56 a day: open from the month's first day
            anomalies: { minImpact: 10 },
            budgets: [{ entityRef: 'group:default/team-payments', monthly: 1 }],
            notifications,
          },
          runway: { permissions: { roles: { manager: ['finance-leads'] } } },
        },
      }),
      scheduler.factory,
      sender.factory,
      permissionsFactory,
      catalogServiceMock.factory({ entities: ENTITIES }),
    ],
  });
  const tasks = new Map(
    scheduler.scheduleTask.mock.calls.map(([t]) => [
      t.id,
      t as typeof t & SchedulerServiceTaskInvocationDefinition,
    ]),
  );
  const run = (id: string) =>
    tasks.get(id)!.fn(new AbortController().signal as any);
  return { tasks, run, send: sender.send };
}

describe('the aws-cost-notifications task', () => {
  it("tells team-payments and the managers of billing-worker's anomaly and budget, once", async () => {
    const { tasks, run, send } = await start({
      frequencyMinutes: 1,
      initialDelaySeconds: 30,
    });
    expect(tasks.get('aws-cost-notifications')).toMatchObject({
      scope: 'global',
      frequency: { minutes: 1 },
      initialDelay: { seconds: 30 },
    });
    await run('aws-cost-sample-data');
    await run('aws-cost-notifications');
    await run('aws-cost-notifications');

    const anomaly = `cost-anomaly:detected:service:billing-worker:${MONTH}`;
    const budget = `cost-budget:group:default/team-payments:${MONTH}`;
    const sent = send.mock.calls.map(([o]) => o);
    expect(sent.filter(o => o.payload.scope === anomaly)).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [
            'group:default/team-payments',
            'group:default/finance-leads',
          ],
        },
        payload: expect.objectContaining({
          title: expect.stringMatching(
            /^billing-worker: cost anomaly, \+\$[\d,]+ \(\+\d+ %\) on .+ since \d{4}-\d\d-\d\d \[sample data\]$/,
          ),
          link: '/catalog/default/component/billing-worker/cost',
          severity: 'high',
          topic: 'cost',
        }),
      },
    ]);
    expect(sent.filter(o => o.payload.scope === budget)).toHaveLength(1);
    // the untagged NAT traffic belongs to no team: the managers only
    expect(sent.filter(o => o.payload.scope?.includes('untagged'))).toEqual([
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/finance-leads'],
        },
      }),
    ]);
  });

  it('is not scheduled when awsCost.notifications.enabled is false', async () => {
    const { tasks } = await start({ enabled: false });
    expect(tasks.has('aws-cost-sample-data')).toBe(true);
    expect(tasks.has('aws-cost-notifications')).toBe(false);
  });
});
