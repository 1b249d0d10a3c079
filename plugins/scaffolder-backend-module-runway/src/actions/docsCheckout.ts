import fs from 'node:fs/promises';
import path from 'node:path';
import { AuthService } from '@backstage/backend-plugin-api';
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
import { ADR_LOCATION_ANNOTATION } from '@runway/plugin-decisions-common';
import { IntegrationHosts } from '../config';
import { git } from '../git';
import { localBareRepository } from '../localRepositories';
import { realFolderInside, safeChildPath } from '../workspaceFiles';

/**
 * Where a service's repository lives: a local bare repository under
 * `directory` (development: `runway:publish:local` registered the checkout
 * `<directory>/<name>/catalog-info.yaml`), or a GitHub / GitLab repository
 * (its `backstage.io/source-location`, on a host of a configured
 * integration).
 */
export function repositoryOf(
  entity: { metadata: { annotations?: Record<string, string> } },
  directory: string | undefined,
  hosts: IntegrationHosts = { github: ['github.com'], gitlab: ['gitlab.com'] },
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
  if (!source) return undefined;
  const { type, target } = parseLocationRef(source);
  if (type !== 'url') return undefined;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  const host = url.host;
  let mode: 'github' | 'gitlab' | undefined;
  let segments: string[];
  if (hosts.github.includes(host)) {
    mode = 'github';
    // /<owner>/<repo>/tree/<branch>/...
    segments = url.pathname.split('/').filter(Boolean).slice(0, 2);
  } else if (hosts.gitlab.includes(host)) {
    mode = 'gitlab';
    // /<group>/<subgroup>/<project>/-/tree/<branch>/...
    segments = url.pathname.split('/-/')[0].split('/').filter(Boolean);
  } else {
    return undefined;
  }
  if (segments.length < 2) return undefined;
  const repo = segments[segments.length - 1].replace(/\.git$/, '');
  const owner = segments.slice(0, -1).join('/');
  // a tree URL of the default branch when the location is the bare repo
  let sourceUrl = target.endsWith('/') ? target : `${target}/`;
  if (!/\/tree\//.test(url.pathname)) {
    sourceUrl = `${url.origin}/${owner}/${repo}/${
      mode === 'gitlab' ? '-/' : ''
    }tree/HEAD/`;
  }
  return {
    mode,
    repoUrl: `${host}?owner=${encodeURIComponent(
      owner,
    )}&repo=${encodeURIComponent(repo)}`,
    sourceUrl,
  };
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
  /** GitHub and GitLab hosts of the configured integrations. */
  integrationHosts?: IntegrationHosts;
}) {
  const { catalog, auth, directory, integrationHosts } = options;
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
          z
            .string()
            .optional()
            .describe('The repository URL (ends with /), for fetch:plain'),
        docsUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The docs folder URL, for fetch:plain (only docs/ goes into the pull request)',
            ),
        mkdocsUrl: z =>
          z
            .string()
            .optional()
            .describe('The mkdocs.yml URL, for fetch:plain:file'),
        adrLocation: z =>
          z
            .string()
            .describe(
              'ADR folder in the repository (backstage.io/adr-location; default docs/adr)',
            ),
        bareRepo: z =>
          z
            .string()
            .optional()
            .describe(
              "The local bare repository (its real path), for runway:docs:commit's bareRepo",
            ),
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
      const repo = repositoryOf(entity, directory, integrationHosts);
      if (!repo) {
        throw new InputError(
          `entityRef: ${ref} has no repository Runway can change (no local repository${
            directory ? ` under ${directory}` : ''
          }, no GitHub or GitLab source location)`,
        );
      }
      // runway:adr:create refuses a location outside docs/, naming it
      const adrLocation =
        entity.metadata.annotations?.[ADR_LOCATION_ANNOTATION] ?? 'docs/adr';
      ctx.output('mode', repo.mode);
      ctx.output('name', entity.metadata.name);
      ctx.output('adrLocation', adrLocation);
      if (repo.mode !== 'local') {
        ctx.output('repoUrl', repo.repoUrl);
        ctx.output('sourceUrl', repo.sourceUrl);
        ctx.output('docsUrl', new URL('docs', repo.sourceUrl).toString());
        // a file is read from its blob URL (GitLab requires it)
        const blob = repo.sourceUrl.replace(/\/(-\/)?tree\//, '/$1blob/');
        ctx.output('mkdocsUrl', new URL('mkdocs.yml', blob).toString());
        return;
      }
      await fs.access(repo.bare).catch(() => {
        throw new NotFoundError(
          `entityRef: the repository ${repo.bare} does not exist`,
        );
      });
      // its real path, directly inside the folder: no link leads elsewhere
      const bare = await localBareRepository(
        path.dirname(repo.checkout),
        repo.bare,
        'entityRef',
      );
      const label = ctx.input.path ?? 'repo';
      const target = safeChildPath(ctx.workspacePath, label, 'path');
      await fs.mkdir(target, { recursive: true });
      const real = await realFolderInside(ctx.workspacePath, target, 'path');
      if ((await fs.readdir(real)).length > 0) {
        throw new InputError(`path: ${label} is not empty`);
      }
      // run from the repositories folder: git never starts in the workspace
      await git(['clone', '--quiet', bare, real], path.dirname(bare));
      ctx.output('bareRepo', bare);
    },
  });
}
