import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parse } from 'yaml';
import { MAIN_CREDENTIALS } from '../aws/awsEnv';
import { ROOT } from '../harness/processes';
import { REGION } from './seedAws';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.css': 'text/css',
  '.js': 'application/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The mkdocs of the TechDocs venv the bootstrap builds (scripts/versions.sh). */
function mkdocs(): string {
  const tools = path.join(ROOT, '.runway', 'tools');
  const venv = fs
    .readdirSync(tools)
    .find(d => d.startsWith('venv-techdocs-core-'));
  if (!venv)
    throw new Error('the TechDocs venv is missing: run scripts/bootstrap');
  return path.join(tools, venv, 'bin', 'mkdocs');
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)));
}

/**
 * What a service's CI does on its default branch in production: generates
 * the TechDocs site of `repoDir` with mkdocs and techdocs-core, writes
 * `techdocs_metadata.json` as the TechDocs generator does, and uploads the
 * site to the TechDocs bucket under `default/component/<name>/` (the
 * awsS3 publisher's lower-cased entity triplet).
 */
export async function publishDocs(options: {
  repoDir: string;
  name: string;
  bucket: string;
  motoUrl: string;
}) {
  const site = fs.mkdtempSync(path.join(options.repoDir, '..', 'site-'));
  execFileSync(mkdocs(), ['build', '--quiet', '--site-dir', site], {
    cwd: options.repoDir,
    stdio: 'pipe',
  });
  const mkdocsYml = parse(
    fs.readFileSync(path.join(options.repoDir, 'mkdocs.yml'), 'utf8'),
  );
  const files = filesUnder(site);
  fs.writeFileSync(
    path.join(site, 'techdocs_metadata.json'),
    JSON.stringify({
      site_name: mkdocsYml.site_name,
      site_description: mkdocsYml.site_description ?? '',
      etag: crypto.randomBytes(10).toString('hex'),
      build_timestamp: Date.now(),
      files,
    }),
  );
  const s3 = new S3Client({
    endpoint: options.motoUrl,
    region: REGION,
    credentials: MAIN_CREDENTIALS,
    forcePathStyle: true,
  });
  for (const file of [...files, 'techdocs_metadata.json']) {
    await s3.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: `default/component/${options.name}/${file}`,
        Body: fs.readFileSync(path.join(site, file)),
        ContentType: TYPES[path.extname(file)] ?? 'application/octet-stream',
      }),
    );
  }
  return files.length;
}
