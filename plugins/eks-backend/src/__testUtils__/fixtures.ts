import fs from 'node:fs';
import path from 'node:path';

/**
 * A snapshot of a local sample cluster, shared with eks-common's tests
 * (`eks-staging-euw1` or `eks-production-euw1`), as the fake apiserver
 * serves it.
 */
export function clusterFixture(
  name: 'eks-staging-euw1' | 'eks-production-euw1',
): any {
  return JSON.parse(
    fs.readFileSync(
      path.join(
        path.dirname(require.resolve('@runway/plugin-eks-common/package.json')),
        `src/__fixtures__/${name}.json`,
      ),
      'utf8',
    ),
  );
}
