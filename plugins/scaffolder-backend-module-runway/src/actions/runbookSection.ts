import fs from 'node:fs/promises';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  realFolderInside,
  safeChildPath,
  writablePath,
} from '../workspaceFiles';
import { examples } from './runbookSection.examples';
import {
  anchorOf,
  checkTitle,
  renderRunbookSection,
  sectionHeadings,
} from './docsAuthoring';

/**
 * `runway:runbook:section`: appends a `## <title>` section (an alert name or
 * a failure mode) to docs/runbook.md of a service repository checked out in
 * the workspace, so an alert's runbook_url `.../runbook/#<anchor>` lands on
 * it. Refuses a title with path characters and a section that exists,
 * naming the field, and a `docs` folder or runbook that is a symbolic link
 * (a write never follows one), naming the path.
 *
 * @public
 */
export function createRunbookSectionAction() {
  return createTemplateAction({
    id: 'runway:runbook:section',
    description:
      'Appends a section (one per alert) to docs/runbook.md of the service repository in the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .default('repo')
            .describe('Folder of the repository in the workspace'),
        title: z =>
          z
            .string()
            .describe(
              'Section heading: the alert name, e.g. OrdersApiQueueBacklog',
            ),
        severity: z =>
          z
            .enum(['page', 'ticket', 'info'])
            .default('ticket')
            .describe('Alert severity'),
        meaning: z =>
          z.string().min(1).describe('What firing means, and the impact'),
        check: z =>
          z.string().min(1).describe('What to check (Markdown, commands)'),
        fix: z => z.string().min(1).describe('How to fix it (Markdown)'),
        escalate: z =>
          z.string().optional().describe('When and whom to escalate to'),
      },
      output: {
        file: z => z.string().describe('The runbook file'),
        anchor: z =>
          z
            .string()
            .describe(
              "The section's anchor (runbook_url: .../runbook/#<anchor>)",
            ),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const titleProblem = checkTitle('title', input.title);
      if (titleProblem) throw new InputError(titleProblem);
      const title = input.title.trim();
      const repo = await realFolderInside(
        ctx.workspacePath,
        safeChildPath(ctx.workspacePath, input.path ?? 'repo', 'path'),
        'path',
      );
      // no write follows a symbolic link (out of the workspace or into .git)
      const docs = await writablePath(repo, 'docs', 'path', 'folder');
      const file = await writablePath(repo, 'docs/runbook.md', 'path');
      const current = await fs.readFile(file, 'utf8').catch(() => undefined);
      const anchor = anchorOf(title);
      if (current !== undefined) {
        const clash = sectionHeadings(current).find(
          h => h === title || anchorOf(h) === anchor,
        );
        if (clash) {
          throw new ConflictError(
            `title: docs/runbook.md already has the section "${clash}" (#${anchor})`,
          );
        }
      }
      const section = renderRunbookSection({
        ...input,
        title,
        severity: input.severity ?? 'ticket',
      });
      if (ctx.isDryRun) {
        ctx.logger.info(`dry run: would add "## ${title}" to docs/runbook.md`);
      } else {
        await fs.mkdir(docs, { recursive: true });
        const base = current ?? '# Runbook\n';
        await fs.writeFile(file, `${base.replace(/\s*$/, '')}\n\n${section}`);
        ctx.logger.info(`added "## ${title}" to docs/runbook.md`);
      }
      ctx.output('file', 'docs/runbook.md');
      ctx.output('anchor', anchor);
    },
  });
}
