import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A scaffolder action context for tests (a real temp workspace). */
export function mockContext<I>(input: I, extra: Record<string, unknown> = {}) {
  const workspacePath = fs.mkdtempSync(
    path.join(os.tmpdir(), 'runway-action-'),
  );
  const outputs: Record<string, unknown> = {};
  const logger = mockServices.logger.mock();
  return {
    ctx: {
      input,
      workspacePath,
      logger,
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
      checkpoint: async ({ fn }: { fn: () => Promise<any> }) => fn(),
      createTemporaryDirectory: async () =>
        fs.mkdtempSync(path.join(os.tmpdir(), 'runway-action-tmp-')),
      getInitiatorCredentials: async () => mockCredentials.user(),
      task: { id: 'task-1' },
      ...extra,
    } as any,
    outputs,
    logger,
    workspacePath,
  };
}

/** Runs each example's step of `action` with its input. */
export function exampleSteps(examples: { example: string }[]) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('yaml');
  return examples.map(e => yaml.parse(e.example).steps[0]);
}
