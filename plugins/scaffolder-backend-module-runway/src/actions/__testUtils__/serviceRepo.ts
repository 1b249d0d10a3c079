import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createDocsCheckoutAction } from '../docsCheckout';
import { mockContext } from './context';
import { plainGit } from './hostile';

export const MKDOCS = `site_name: orders-api
# kept: comments survive the nav update
nav:
  - Overview: index.md
  - Runbook: runbook.md
  - Decisions:
      - Decision log: adr/index.md
      - 'ADR 0001: Use PostgreSQL': adr/0001-use-postgresql.md
plugins:
  - techdocs-core
`;

/** A service repository checked out at <root>/repo. */
export function serviceRepo(root: string) {
  const repo = path.join(root, 'repo');
  fs.mkdirSync(path.join(repo, 'docs', 'adr'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'mkdocs.yml'), MKDOCS);
  fs.writeFileSync(
    path.join(repo, 'docs', 'runbook.md'),
    '# orders-api runbook\n\n## OrdersApiAvailabilityErrorBudgetFastBurn\n\nRoll back.\n',
  );
  fs.writeFileSync(
    path.join(repo, 'docs', 'adr', 'index.md'),
    '# Decision log\n\n| ADR | title | status | date |\n|---|---|---|---|\n| [0001](0001-use-postgresql.md) | Use PostgreSQL | accepted | 2026-01-02 |\n',
  );
  for (const f of ['0001-use-postgresql.md', '0002-use-sqs.md']) {
    fs.writeFileSync(
      path.join(repo, 'docs', 'adr', f),
      `# ${f}\n\n- Status: accepted\n`,
    );
  }
  return repo;
}

/**
 * A local repositories folder as runway:publish:local leaves it: the bare
 * repository `<repos>/orders-api.git` (seeded with `serviceRepo`), its
 * checkout beside it, the component in a mock catalog, and the
 * runway:docs:checkout action for that folder.
 */
export function localService() {
  const repos = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-repos-'));
  const seed = serviceRepo(
    fs.mkdtempSync(path.join(os.tmpdir(), 'runway-seed-')),
  );
  fs.writeFileSync(path.join(seed, 'catalog-info.yaml'), 'kind: Component\n');
  plainGit(['init', '--quiet', '--initial-branch=main'], seed);
  plainGit(['add', '--all'], seed);
  plainGit(['commit', '--quiet', '-m', 'seed'], seed);
  const bare = path.join(repos, 'orders-api.git');
  plainGit(['clone', '--quiet', '--bare', seed, bare], repos);
  plainGit(['clone', '--quiet', bare, 'orders-api'], repos);
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-api',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `file:${path.join(
          repos,
          'orders-api',
          'catalog-info.yaml',
        )}`,
      },
    },
    spec: {},
  };
  const checkout = createDocsCheckoutAction({
    catalog: catalogServiceMock({ entities: [entity] }),
    auth: mockServices.auth(),
    directory: repos,
  });
  /** Runs runway:docs:checkout into a new workspace. */
  const checkedOut = async () => {
    const context = mockContext({ entityRef: 'component:default/orders-api' });
    await checkout.handler(context.ctx);
    return context;
  };
  return { repos, bare, seed, checkout, checkedOut };
}
