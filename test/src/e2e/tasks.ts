import { APIRequestContext, expect } from '@playwright/test';

/** Runs a plugin's scheduled task now (guest holds the ops role in development) and waits until it has run. */
export async function runScheduledTask(
  request: APIRequestContext,
  token: string,
  plugin: string,
  task: string,
) {
  const tasks = `/api/${plugin}/.backstage/scheduler/v1/tasks`;
  const headers = { authorization: `Bearer ${token}` };
  const state = async () =>
    (await (await request.get(tasks, { headers })).json()).tasks.find(
      (t: { taskId: string }) => t.taskId === task,
    )?.taskState as { status: string; lastRunEndedAt?: string } | undefined;
  const before = (await state())?.lastRunEndedAt;
  await expect
    .poll(
      async () =>
        (await request.post(`${tasks}/${task}/trigger`, { headers })).status(),
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe(200);
  await expect
    .poll(
      async () => {
        const now = await state();
        return now?.status === 'idle' && now.lastRunEndedAt !== before;
      },
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe(true);
}
