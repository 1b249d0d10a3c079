import fs from 'node:fs';
import path from 'node:path';
import { createAdrCreateAction } from './adrCreate';
import { createRunbookSectionAction } from './runbookSection';
import { mockContext } from './__testUtils__/context';
import { outsideWorld } from './__testUtils__/hostile';
import { MKDOCS, serviceRepo } from './__testUtils__/serviceRepo';

/*
 * A repository in the workspace holds symbolic links that a template (or
 * the service's own repository) placed there: the docs actions must not
 * write through them, outside the workspace or into a .git folder.
 */

const adr = { title: 'Cache prices', context: 'c', decision: 'd' };
const section = {
  title: 'OrdersApiQueueBacklog',
  meaning: 'm',
  check: 'c',
  fix: 'f',
};

/** A workspace with the service repository and a folder outside it. */
function setup(input: object) {
  const context = mockContext(input);
  const repo = serviceRepo(context.workspacePath);
  const outside = outsideWorld();
  const target = path.join(outside.root, 'target');
  fs.mkdirSync(target);
  /** Every file below the outside folder, with its content. */
  const snapshot = () =>
    Object.fromEntries(
      (fs.readdirSync(target, { recursive: true }) as string[])
        .sort()
        .map(f => [f, fs.readFileSync(path.join(target, f), 'utf8')]),
    );
  /** Replaces `rel` in the repository with a link to `to`. */
  const link = (rel: string, to: string) => {
    fs.rmSync(path.join(repo, rel), { recursive: true, force: true });
    fs.symlinkSync(to, path.join(repo, rel));
  };
  return { ...context, repo, target, snapshot, link };
}

describe('runway:adr:create and symbolic links', () => {
  it('refuses an ADR folder that is a link leading outside the workspace', async () => {
    const s = setup(adr);
    fs.writeFileSync(path.join(s.target, 'index.md'), '# Elsewhere\n');
    s.link('docs/adr', s.target);
    const before = s.snapshot();
    await expect(createAdrCreateAction().handler(s.ctx)).rejects.toThrow(
      'location: docs/adr is a symbolic link',
    );
    expect(s.snapshot()).toEqual(before);
  });

  it('refuses mkdocs.yml and the decision log when they are links to files outside', async () => {
    for (const rel of ['mkdocs.yml', 'docs/adr/index.md']) {
      const s = setup(adr);
      const victim = path.join(s.target, 'victim.yml');
      fs.writeFileSync(victim, MKDOCS);
      s.link(rel, victim);
      await expect(createAdrCreateAction().handler(s.ctx)).rejects.toThrow(
        `path: ${rel} is a symbolic link`,
      );
      expect(s.snapshot()).toEqual({ 'victim.yml': MKDOCS });
      // nothing is written when one of the files is refused
      expect(fs.readdirSync(path.join(s.repo, 'docs/adr')).sort()).toEqual([
        '0001-use-postgresql.md',
        '0002-use-sqs.md',
        'index.md',
      ]);
    }
  });

  it('refuses a repository folder that is a link leading outside', async () => {
    const s = setup(adr);
    fs.rmSync(s.repo, { recursive: true });
    fs.symlinkSync(s.target, s.repo);
    await expect(createAdrCreateAction().handler(s.ctx)).rejects.toThrow(
      'path: repo leads outside the workspace',
    );
    expect(s.snapshot()).toEqual({});
  });
});

describe('runway:runbook:section and symbolic links', () => {
  it('refuses docs/runbook.md that is a link to a file outside', async () => {
    const s = setup(section);
    const victim = path.join(s.target, 'victim.md');
    fs.writeFileSync(victim, '# Not a runbook\n');
    s.link('docs/runbook.md', victim);
    await expect(createRunbookSectionAction().handler(s.ctx)).rejects.toThrow(
      'path: docs/runbook.md is a symbolic link',
    );
    expect(s.snapshot()).toEqual({ 'victim.md': '# Not a runbook\n' });
  });

  it("refuses docs/runbook.md that is a link into the repository's .git", async () => {
    const s = setup(section);
    fs.mkdirSync(path.join(s.repo, '.git'));
    const config = path.join(s.repo, '.git', 'config');
    fs.writeFileSync(config, '[core]\n\tbare = false\n');
    s.link('docs/runbook.md', '../.git/config');
    await expect(createRunbookSectionAction().handler(s.ctx)).rejects.toThrow(
      'path: docs/runbook.md is a symbolic link',
    );
    expect(fs.readFileSync(config, 'utf8')).toBe('[core]\n\tbare = false\n');
  });

  it('refuses a docs folder that is a link leading outside', async () => {
    const s = setup(section);
    s.link('docs', s.target);
    await expect(createRunbookSectionAction().handler(s.ctx)).rejects.toThrow(
      'path: docs is a symbolic link',
    );
    expect(s.snapshot()).toEqual({});
  });
});
