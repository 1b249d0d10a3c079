import { mockServices } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { FakePrometheus, NOW } from '../../__testUtils__/fakes';
import { scheduleSourceProbes } from './sourceProbes';

type Task = SchedulerServiceTaskScheduleDefinition & {
  id: string;
  fn: () => Promise<void>;
};

async function probes(sources: FakePrometheus[]) {
  const tasks: Task[] = [];
  const health: Array<[string, boolean]> = [];
  const logger = mockServices.logger.mock();
  await scheduleSourceProbes({
    scheduler: {
      scheduleTask: async task => {
        tasks.push(task as Task);
      },
    },
    sources: sources.map(client => ({ client })),
    health: { record: (source, up) => health.push([source, up]) },
    logger,
    clock: () => NOW,
  });
  return { tasks, health, logger };
}

describe('scheduleSourceProbes', () => {
  it('probes every source once a minute, locally', async () => {
    const { tasks } = await probes([
      new FakePrometheus('main'),
      new FakePrometheus('staging'),
    ]);
    expect(
      tasks.map(({ id, frequency, timeout, scope }) => ({
        id,
        frequency,
        timeout,
        scope,
      })),
    ).toEqual([
      {
        id: 'slo-prometheus-probe-main',
        frequency: { minutes: 1 },
        timeout: { seconds: 30 },
        scope: 'local',
      },
      {
        id: 'slo-prometheus-probe-staging',
        frequency: { minutes: 1 },
        timeout: { seconds: 30 },
        scope: 'local',
      },
    ]);
  });

  it('records each probe outcome and warns when a source is down', async () => {
    const up = new FakePrometheus('main');
    const down = new FakePrometheus('staging');
    down.down = new Error('connection refused');
    const { tasks, health, logger } = await probes([up, down]);
    for (const task of tasks) await task.fn();
    expect(up.queries).toEqual([{ expr: 'vector(1)', time: NOW }]);
    expect(health).toEqual([
      ['main', true],
      ['staging', false],
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Prometheus staging is down: connection refused',
    );
  });

  it('warns that SLOs show no figures without sources', async () => {
    const { tasks, logger } = await probes([]);
    expect(tasks).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      'No Prometheus configured (slo.prometheus): SLOs show no figures',
    );
  });
});
