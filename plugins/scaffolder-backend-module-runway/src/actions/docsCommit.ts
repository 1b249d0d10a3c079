import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { commitAll, git } from '../git';

/**
 * `runway:docs:commit`: the development publisher of the docs templates.
 * Commits the changes of a local repository cloned by runway:docs:checkout,
 * pushes them to its bare repository under the local repositories folder,
 * and fast-forwards the checkout beside it that the catalog and TechDocs
 * read.
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
      },
      output: {
        commitHash: z => z.string().describe('The new commit'),
      },
    },
    async handler(ctx) {
      const clone = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.path ?? 'repo',
      );
      const origin = await git(['remote', 'get-url', 'origin'], clone);
      const bare = path.resolve(origin.replace(/^file:\/\//, ''));
      if (path.dirname(bare) !== directory || !bare.endsWith('.git')) {
        throw new InputError(
          `path: ${
            ctx.input.path ?? 'repo'
          } is not a clone of a local repository under ${directory}`,
        );
      }
      const commitHash = await ctx.checkpoint({
        key: `docs.commit.${bare}`,
        fn: async () => {
          const hash = await commitAll(clone, ctx.input.message);
          if (!hash) throw new InputError('path: nothing to commit');
          await git(['push', '--quiet', 'origin', 'HEAD'], clone);
          return hash;
        },
      });
      const checkout = bare.replace(/\.git$/, '');
      if (
        await fs.stat(checkout).then(
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
