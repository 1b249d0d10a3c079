import fs from 'node:fs/promises';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ADR_STATUSES,
  addToDecisionLog,
  adrFileName,
  adrFilesByNumber,
  nextAdrNumber,
  renderAdr,
} from '@runway/plugin-decisions-common';
import { examples } from './adrCreate.examples';
import {
  realFolderInside,
  safeChildPath,
  writablePath,
} from '../workspaceFiles';
import { addToNav, adrFolder, checkTitle } from './docsAuthoring';

/**
 * `runway:adr:create`: writes the next architecture decision record,
 * `<location>/NNNN-<title>.md` (the entity's `backstage.io/adr-location`,
 * default `docs/adr`) in MADR format (status and date under the title),
 * into a service repository checked out in the workspace, and adds it to
 * mkdocs.yml's Decisions nav and to the folder's index.md. Refuses a title
 * with path characters and a number that exists, naming the field, and
 * writes only through real folders and files of the repository: a
 * symbolic link anywhere on the way (the ADR folder, mkdocs.yml, index.md)
 * is refused, naming the path, before anything is written.
 *
 * @public
 */
export function createAdrCreateAction(options: { now?: () => Date } = {}) {
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: 'runway:adr:create',
    description:
      'Adds a MADR decision record (docs/adr/NNNN-title.md) to the service repository in the workspace, with the mkdocs nav and decision log updated.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .default('repo')
            .describe('Folder of the repository in the workspace'),
        location: z =>
          z
            .string()
            .default('docs/adr')
            .describe(
              "ADR folder in the repository, under docs/ (the entity's backstage.io/adr-location)",
            ),
        title: z =>
          z.string().describe('Decision title (one line, no path characters)'),
        number: z =>
          z
            .string()
            .optional()
            .describe('Four-digit ADR number; default: the next free one'),
        status: z =>
          z.enum(ADR_STATUSES).default('proposed').describe('MADR status'),
        deciders: z => z.string().optional().describe('Who decided'),
        context: z =>
          z.string().min(1).describe('Context and problem statement'),
        options: z =>
          z.array(z.string()).optional().describe('Considered options'),
        decision: z => z.string().min(1).describe('The decision and why'),
        consequences: z =>
          z.string().optional().describe('Good and bad consequences'),
      },
      output: {
        file: z =>
          z.string().describe('The new file, relative to the repository'),
        number: z => z.string().describe('The ADR number'),
        docsPath: z =>
          z
            .string()
            .describe('Page path of the ADR in the docs (adr/NNNN-title/)'),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const titleProblem = checkTitle('title', input.title);
      if (titleProblem) throw new InputError(titleProblem);
      const label = input.path ?? 'repo';
      const repo = await realFolderInside(
        ctx.workspacePath,
        safeChildPath(ctx.workspacePath, label, 'path'),
        'path',
      );
      const location = adrFolder(input.location ?? 'docs/adr');
      if (!location) {
        throw new InputError(
          `location: "${input.location}" (backstage.io/adr-location) must be a folder under docs/ of the repository, e.g. docs/adr`,
        );
      }
      // the folder's path in the built docs (TechDocs publishes docs/)
      const docsFolder = location.slice('docs/'.length);
      // no write follows a symbolic link (out of the workspace or into .git)
      const adrDir = await writablePath(repo, location, 'location', 'folder');
      const mkdocs = await writablePath(repo, 'mkdocs.yml', 'path');
      const index = await writablePath(repo, `${location}/index.md`, 'path');
      const files = await fs.readdir(adrDir).catch(() => [] as string[]);
      const existing = adrFilesByNumber(files);
      let number = input.number?.trim();
      if (number) {
        if (!/^\d{4}$/.test(number)) {
          throw new InputError('number: must be four digits, e.g. 0007');
        }
        const taken = existing.get(number);
        if (taken) {
          throw new ConflictError(
            `number: ADR ${number} already exists (${location}/${taken})`,
          );
        }
      } else {
        number = nextAdrNumber(files);
      }
      const file = adrFileName(number, input.title);
      const date = now().toISOString().slice(0, 10);
      const status = input.status ?? 'proposed';
      const title = input.title.trim();

      const adrFile = await writablePath(repo, `${location}/${file}`, 'path');

      if (ctx.isDryRun) {
        ctx.logger.info(`dry run: would write ${location}/${file}`);
      } else {
        await fs.mkdir(adrDir, { recursive: true });
        await fs.writeFile(
          adrFile,
          renderAdr({ ...input, number, title, status, date }),
          { flag: 'wx' },
        );
        const yml = await fs.readFile(mkdocs, 'utf8').catch(() => undefined);
        if (yml !== undefined) {
          await fs.writeFile(
            mkdocs,
            addToNav(
              yml,
              'Decisions',
              `ADR ${number}: ${title}`,
              `${docsFolder}/${file}`,
            ),
          );
        }
        const log = await fs.readFile(index, 'utf8').catch(() => undefined);
        if (log !== undefined) {
          await fs.writeFile(
            index,
            addToDecisionLog(log, { number, file, title, status, date }),
          );
        }
        ctx.logger.info(`wrote ${location}/${file}`);
      }
      ctx.output('file', `${location}/${file}`);
      ctx.output('number', number);
      ctx.output('docsPath', `${docsFolder}/${file.replace(/\.md$/, '')}/`);
    },
  });
}
