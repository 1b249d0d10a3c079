import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

const run = promisify(execFile);

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Runway',
  GIT_AUTHOR_EMAIL: 'runway@localhost',
  GIT_COMMITTER_NAME: 'Runway',
  GIT_COMMITTER_EMAIL: 'runway@localhost',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

async function git(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    env: { ...process.env, ...GIT_ENV, HOME: cwd },
    timeout: 60_000,
  });
  return stdout.trim();
}

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
          await git(['add', '--all'], clone);
          if ((await git(['status', '--porcelain'], clone)) === '') {
            throw new InputError('path: nothing to commit');
          }
          await git(['commit', '--quiet', '-m', ctx.input.message], clone);
          await git(['push', '--quiet', 'origin', 'HEAD'], clone);
          return git(['rev-parse', 'HEAD'], clone);
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
