/*
 * Runs a software template as a real scaffolder task through the backend's
 * API and waits for it to finish.
 */
import { api, Backend } from '../harness/backend';

export type TaskResult = {
  status: string;
  /** Every event message, in order. */
  log: string;
  /** The task's output (links, text), once completed. */
  output: { links?: { title: string; url: string }[] };
};

export async function runTask(
  backend: Backend,
  token: string,
  template: string,
  values: Record<string, unknown>,
): Promise<TaskResult> {
  const { id } = await api<{ id: string }>(
    backend.baseUrl,
    token,
    '/api/scaffolder/v2/tasks',
    {
      method: 'POST',
      body: { templateRef: `template:default/${template}`, values },
    },
  );
  // bounded, under the suites' own timeouts, rather than tight: a task waits
  // its turn behind the other suites on a busy machine
  const deadline = Date.now() + 480_000;
  for (;;) {
    const task = await api<{ status: string }>(
      backend.baseUrl,
      token,
      `/api/scaffolder/v2/tasks/${id}`,
    );
    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      const events = await api<
        { type: string; body: { message?: string; output?: any } }[]
      >(backend.baseUrl, token, `/api/scaffolder/v2/tasks/${id}/events`);
      return {
        status: task.status,
        log: events.map(e => e.body.message ?? '').join('\n'),
        output: events.find(e => e.type === 'completion')?.body.output ?? {},
      };
    }
    if (Date.now() > deadline) {
      throw new Error(`task ${id} still ${task.status}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/** Expects the task to have completed; shows its log when it did not. */
export function expectCompleted(result: TaskResult): void {
  expect({
    status: result.status,
    log: result.status === 'completed' ? '' : result.log,
  }).toEqual({ status: 'completed', log: '' });
}
