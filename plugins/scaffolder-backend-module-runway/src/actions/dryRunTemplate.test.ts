import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readTemplateDirectory } from './dryRunTemplate';

describe('readTemplateDirectory', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dry-run-dir-'));
  beforeAll(() => {
    fs.mkdirSync(path.join(tmp, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'template.yaml'), 'kind: Template\n');
    fs.writeFileSync(path.join(tmp, 'a', 'b', 'c.txt'), 'c');
    fs.symlinkSync(path.join(tmp, 'a'), path.join(tmp, 'linked-dir'));
    fs.symlinkSync('/etc/hostname', path.join(tmp, 'outside'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads nested files with forward-slash paths; links to folders or outside are left out', async () => {
    const files = await readTemplateDirectory(tmp);
    expect(files).toEqual([
      { path: 'a/b/c.txt', base64Content: Buffer.from('c').toString('base64') },
      {
        path: 'template.yaml',
        base64Content: Buffer.from('kind: Template\n').toString('base64'),
      },
    ]);
  });

  it('refuses a folder beyond the limits', async () => {
    await expect(
      readTemplateDirectory(tmp, { maxFiles: 1, maxBytes: 1000 }),
    ).rejects.toThrow(/more than 1 files or 1000 bytes, too large to dry-run/);
    await expect(
      readTemplateDirectory(tmp, { maxFiles: 10, maxBytes: 5 }),
    ).rejects.toThrow(/too large/);
  });

  it('names a folder that is not on disk', async () => {
    await expect(
      readTemplateDirectory(path.join(tmp, 'missing')),
    ).rejects.toThrow(/the template's folder .*missing is not on disk/);
  });
});
