import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { commitAll, git } from '../git';
import { localBareRepository, readCheckoutClone } from '../localRepositories';
import {
  copyWorkspaceFiles,
  realFolderInside,
  safeChildPath,
} from '../workspaceFiles';

/**
 * `runway:docs:commit`: the development publisher of the docs templates.
 * Commits the changes of a local repository cloned by runway:docs:checkout,
 * pushes them to its bare repository under the local repositories folder,
 * and fast-forwards the checkout beside it that the catalog and TechDocs
 * read.
 *
 * The clone in the workspace is read, never run: its `.git` must be the
 * folder the checkout made, with only what `git clone` writes in its config
 * (anything else, such as `remote.origin.pushurl`, `url.*.pushInsteadOf` or
 * `core.fsmonitor`, is refused, naming the keys), and its origin must be a
 * bare repository whose real path is directly inside the folder. Runway
 * then clones that bare repository into a new temporary folder, moves it to
 * the clone's commit, copies the clone's files in (no `.git` entries), and
 * commits and pushes from there, fast-forward only.
 *
 * @public
 */
export function createDocsCommitAction(options: { directory: string }) {
  const directory = path.resolve(options.directory);
  return createTemplateAction({
    id: 'runway:docs:commit',
    description:
      'Commits the workspace repository and pushes it to its local bare repository (development).',
    schema: {
      input: {
        path: z =>
          z.string().default('repo').describe('Workspace folder of the clone'),
        message: z => z.string().min(1).describe('Commit message'),
        bareRepo: z =>
          z
            .string()
            .optional()
            .describe(
              "runway:docs:checkout's bareRepo output; when given, the clone's origin must be that repository",
            ),
      },
      output: {
        commitHash: z => z.string().describe('The new commit'),
      },
    },
    async handler(ctx) {
      const label = ctx.input.path ?? 'repo';
      const clone = await realFolderInside(
        ctx.workspacePath,
        safeChildPath(ctx.workspacePath, label, 'path'),
        'path',
      );
      const expected = ctx.input.bareRepo
        ? await localBareRepository(directory, ctx.input.bareRepo, 'bareRepo')
        : undefined;
      const recorded = await readCheckoutClone(clone, label, directory);
      const origin = recorded.origin.replace(/^file:\/\//, '');
      const bare = path.isAbsolute(origin)
        ? await localBareRepository(directory, origin, 'path').catch(
            () => undefined,
          )
        : undefined;
      if (!bare) {
        throw new InputError(
          `path: ${label} is not a clone of a local repository under ${directory} (origin ${recorded.origin})`,
        );
      }
      if (expected && expected !== bare) {
        throw new InputError(
          `bareRepo: ${ctx.input.bareRepo} is not the origin of ${label} (origin ${recorded.origin})`,
        );
      }
      const { branch, head } = recorded;
      const known = await git(['cat-file', '-t', head], bare).catch(() => '');
      if (known !== 'commit') {
        throw new InputError(
          `path: ${label} is at ${head}, which is not a commit of ${bare}`,
        );
      }

      const commitHash = await ctx.checkpoint({
        key: `docs.commit.${bare}.${branch}.${head}`,
        fn: async () => {
          // a clone Runway makes, outside the workspace, at the clone's commit
          const work = path.join(await ctx.createTemporaryDirectory(), 'clone');
          await git(
            [
              'clone',
              '--quiet',
              '--no-checkout',
              '--branch',
              branch,
              bare,
              work,
            ],
            directory,
          );
          await git(['reset', '--quiet', '--soft', head], work);
          await copyWorkspaceFiles(clone, work);
          const hash = await commitAll(work, ctx.input.message);
          if (!hash) throw new InputError('path: nothing to commit');
          // fast-forward only: a change pushed since the checkout stays
          await git(
            ['push', '--quiet', bare, `HEAD:refs/heads/${branch}`],
            work,
          );
          return hash;
        },
      });
      const checkout = bare.replace(/\.git$/, '');
      if (
        await fs.lstat(checkout).then(
          s => s.isDirectory(),
          () => false,
        )
      ) {
        await git(['pull', '--quiet', '--ff-only'], checkout);
      }
      ctx.logger.info(`committed ${commitHash} to ${bare}`);
      ctx.output('commitHash', commitHash);
    },
  });
}
