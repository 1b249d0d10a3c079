import os from 'node:os';
import path from 'node:path';

/** Where rendered services go: $RUNWAY_TEMPLATE_OUT, else under the run's temp folder. */
export function outDir(): string {
  return (
    process.env.RUNWAY_TEMPLATE_OUT ??
    path.join(process.env.RUNWAY_TEST_TMP ?? os.tmpdir(), 'template-out')
  );
}
