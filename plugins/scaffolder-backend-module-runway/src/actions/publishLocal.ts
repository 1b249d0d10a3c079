import fs from 'node:fs/promises';
import path from 'node:path';
import {
  AuthService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { commitAll, git } from '../git';
import {
  copyWorkspaceFiles,
  realFolderInside,
  safeChildPath,
} from '../workspaceFiles';
import { checkServiceName } from './inputChecks';
import { examples } from './publishLocal.examples';

/**
 * `runway:publish:local`: the development publisher. Commits the workspace
 * into a bare git repository `<directory>/<name>.git`, keeps a checkout
 * beside it (`<directory>/<name>`) and registers the checkout's catalog file
 * in the catalog, so the new service appears with its docs. When
 * registration fails, the repository and checkout are removed again.
 *
 * The workspace is content, never a repository: its files are copied
 * (`copyWorkspaceFiles`: no `.git` entry at any depth, relative symbolic
 * links inside the workspace kept, any other link refused) into a new
 * temporary folder where Runway initialises a fresh repository, so a
 * `.git` the template wrote (config, hooks, history, a `gitdir:` file or a
 * link to another repository) has no say in what is committed or run.
 *
 * @public
 */
export function createPublishLocalAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  /** Absolute folder that holds the repositories. */
  directory: string;
  /**
   * Makes the catalog re-read the folder (LocalRepositoriesProvider): the
   * catalog API accepts only url locations, so the checkouts enter the
   * catalog as file locations through that provider.
   */
  catalogRefresh: () => Promise<void>;
  /** How long to wait for the new component to appear in the catalog (ms). */
  registrationTimeoutMs?: number;
}) {
  const { catalog, auth, directory, catalogRefresh } = options;
  const timeoutMs = options.registrationTimeoutMs ?? 90_000;
  return createTemplateAction({
    id: 'runway:publish:local',
    description:
      'Publishes the workspace as a local bare git repository under .runway/repos and registers it in the catalog (development).',
    examples,
    schema: {
      input: {
        name: z =>
          z.string().describe('Repository name (the service name, DNS-1123)'),
        description: z =>
          z.string().optional().describe('Repository description'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe('Folder of the workspace to publish (default: all)'),
        catalogInfoPath: z =>
          z
            .string()
            .default('catalog-info.yaml')
            .describe('Catalog file, relative to the repository root'),
      },
      output: {
        remoteUrl: z =>
          z.string().describe('file:// URL of the bare repository'),
        checkoutPath: z =>
          z.string().describe('Folder of the checkout the catalog reads'),
        commitHash: z => z.string().describe('The commit that was published'),
        entityRef: z =>
          z.string().optional().describe('The registered component'),
      },
    },
    async handler(ctx) {
      const { name, description, sourcePath } = ctx.input;
      const catalogInfoPath = ctx.input.catalogInfoPath ?? 'catalog-info.yaml';
      const nameProblem = checkServiceName(name);
      if (nameProblem) throw new InputError(nameProblem);
      const source = await realFolderInside(
        ctx.workspacePath,
        safeChildPath(ctx.workspacePath, sourcePath ?? '.', 'sourcePath'),
        'sourcePath',
      );
      const catalogFile = safeChildPath(
        source,
        catalogInfoPath,
        'catalogInfoPath',
      );
      await fs.access(catalogFile).catch(() => {
        throw new InputError(
          `catalogInfoPath: ${catalogInfoPath} does not exist in the workspace`,
        );
      });

      await fs.mkdir(directory, { recursive: true });
      const bare = resolveSafeChildPath(directory, `${name}.git`);
      const checkout = resolveSafeChildPath(directory, name);
      const remoteUrl = `file://${bare}`;

      const commitHash = await ctx.checkpoint({
        key: `publish.local.${name}`,
        fn: async () => {
          for (const p of [bare, checkout]) {
            if (await exists(p)) {
              throw new ConflictError(
                `name: a repository named "${name}" already exists (${p})`,
              );
            }
          }
          // a new folder outside the workspace, filled with its content only
          const work = path.join(await ctx.createTemporaryDirectory(), name);
          const copied = await copyWorkspaceFiles(source, work);
          if (copied.gitEntries.length || copied.specialFiles.length) {
            ctx.logger.warn(
              `not published from the workspace: ${[
                ...copied.gitEntries,
                ...copied.specialFiles,
              ].join(', ')} (git metadata, sockets, FIFOs and devices)`,
            );
          }
          await git(['init', '--quiet', '--initial-branch=main'], work);
          const hash = await commitAll(
            work,
            `Create ${name} from the Runway microservice template`,
          );
          if (!hash) {
            throw new InputError(
              `sourcePath: ${sourcePath ?? '.'} has nothing to publish`,
            );
          }
          await git(
            ['init', '--quiet', '--bare', '--initial-branch=main', bare],
            directory,
          );
          if (description) {
            await fs.writeFile(
              path.join(bare, 'description'),
              `${description}\n`,
            );
          }
          await git(['push', '--quiet', bare, 'main'], work);
          await git(['clone', '--quiet', bare, checkout], directory);
          return git(['rev-parse', 'HEAD'], checkout);
        },
      });
      ctx.logger.info(
        `published ${name} to ${remoteUrl} (commit ${commitHash})`,
      );

      try {
        const entityRef = await ctx.checkpoint({
          key: `publish.local.register.${name}`,
          fn: async () => {
            await catalogRefresh();
            const ref = `component:default/${name}`;
            const credentials = await auth.getOwnServiceCredentials();
            const deadline = Date.now() + timeoutMs;
            for (;;) {
              if (await catalog.getEntityByRef(ref, { credentials }))
                return ref;
              if (Date.now() > deadline) {
                throw new Error(
                  `${ref} did not appear in the catalog within ${Math.round(
                    timeoutMs / 1000,
                  )} s (see the catalog's processing errors for ${checkout})`,
                );
              }
              await new Promise(r => setTimeout(r, 500));
            }
          },
        });
        ctx.logger.info(`registered ${entityRef} (${checkout}) in the catalog`);
        ctx.output('entityRef', entityRef);
      } catch (error) {
        // Nothing stays published or registered when registration fails.
        await fs.rm(bare, { recursive: true, force: true });
        await fs.rm(checkout, { recursive: true, force: true });
        await catalogRefresh().catch(() => undefined);
        throw error;
      }
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('checkoutPath', checkout);
      ctx.output('commitHash', commitHash);
    },
  });
}

async function exists(p: string) {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}
