import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  AuthService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  parseEntityRef,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

const run = promisify(execFile);

/**
 * Where a service's repository lives: a local bare repository under
 * `directory` (development: `runway:publish:local` registered the checkout
 * `<directory>/<name>/catalog-info.yaml`), or a GitHub / GitLab repository
 * (its `backstage.io/source-location`).
 */
export function repositoryOf(
  entity: { metadata: { annotations?: Record<string, string> } },
  directory: string | undefined,
):
  | { mode: 'local'; bare: string; checkout: string }
  | { mode: 'github' | 'gitlab'; repoUrl: string; sourceUrl: string }
  | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const managedBy = annotations[ANNOTATION_LOCATION];
  if (managedBy && directory) {
    const loc = parseLocationRef(managedBy);
    if (loc.type === 'file') {
      const checkout = path.dirname(loc.target);
      if (path.dirname(checkout) === path.resolve(directory)) {
        return { mode: 'local', checkout, bare: `${checkout}.git` };
      }
    }
  }
  const source = annotations[ANNOTATION_SOURCE_LOCATION];
  if (source) {
    const { target } = parseLocationRef(source);
    const url = new URL(target);
    const [owner, repo] = url.pathname.split('/').filter(Boolean);
    if (owner && repo) {
      const host = url.host;
      let mode: 'github' | 'gitlab' | undefined;
      if (host.includes('gitlab')) mode = 'gitlab';
      else if (host.includes('github')) mode = 'github';
      if (mode) {
        return {
          mode,
          repoUrl: `${host}?owner=${encodeURIComponent(
            owner,
          )}&repo=${encodeURIComponent(repo.replace(/\.git$/, ''))}`,
          sourceUrl: target,
        };
      }
    }
  }
  return undefined;
}

/**
 * `runway:docs:checkout`: finds the repository of an existing service and,
 * for a local repository (development), clones it into the workspace. For a
 * GitHub or GitLab repository it only reports where it is: the template then
 * fetches it (`fetch:plain`) and opens a pull or merge request.
 *
 * @public
 */
export function createDocsCheckoutAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  /**
   * Absolute folder of the local repositories (runway:publish:local);
   * undefined when they are off (production): only GitHub and GitLab then.
   */
  directory?: string;
}) {
  const { catalog, auth, directory } = options;
  return createTemplateAction({
    id: 'runway:docs:checkout',
    description:
      "Finds an existing service's repository (local bare repository, GitHub or GitLab) and clones a local one into the workspace.",
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string().describe('The service, e.g. component:default/orders-api'),
        path: z =>
          z.string().default('repo').describe('Workspace folder to clone into'),
      },
      output: {
        mode: z =>
          z
            .enum(['local', 'github', 'gitlab'])
            .describe('Where the repository lives'),
        repoUrl: z =>
          z
            .string()
            .optional()
            .describe('host?owner=&repo= for publish:github:pull-request'),
        sourceUrl: z =>
          z.string().optional().describe('The repository URL, for fetch:plain'),
        bareRepo: z =>
          z.string().optional().describe('The local bare repository'),
        name: z => z.string().describe('The service name'),
      },
    },
    async handler(ctx) {
      let ref: string;
      try {
        ref = stringifyEntityRef(
          parseEntityRef(ctx.input.entityRef, { defaultKind: 'component' }),
        );
      } catch (e) {
        throw new InputError(`entityRef: ${(e as Error).message}`);
      }
      const entity = await catalog.getEntityByRef(ref, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      if (!entity)
        throw new NotFoundError(`entityRef: ${ref} is not in the catalog`);
      const repo = repositoryOf(entity, directory);
      if (!repo) {
        throw new InputError(
          `entityRef: ${ref} has no repository Runway can change (no local repository${
            directory ? ` under ${directory}` : ''
          }, no GitHub or GitLab source location)`,
        );
      }
      ctx.output('mode', repo.mode);
      ctx.output('name', entity.metadata.name);
      if (repo.mode !== 'local') {
        ctx.output('repoUrl', repo.repoUrl);
        ctx.output('sourceUrl', repo.sourceUrl);
        return;
      }
      await fs.access(repo.bare).catch(() => {
        throw new NotFoundError(
          `entityRef: the repository ${repo.bare} does not exist`,
        );
      });
      const target = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.path ?? 'repo',
      );
      await run('git', ['clone', '--quiet', repo.bare, target], {
        timeout: 60_000,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      });
      ctx.output('bareRepo', repo.bare);
    },
  });
}
