import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../harness/processes';

export const TEMPLATE_DIR = path.join(ROOT, 'templates', 'microservice');

/** The template (template.yaml, or another file beside it) and its files, as the dry-run API takes them. */
export function templateRequest(templateFile = 'template.yaml') {
  const files: { path: string; base64Content: string }[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(TEMPLATE_DIR, rel), {
      withFileTypes: true,
    })) {
      const p = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(p);
      else
        files.push({
          path: p,
          base64Content: fs
            .readFileSync(path.join(TEMPLATE_DIR, p))
            .toString('base64'),
        });
    }
  };
  walk('');
  return {
    template: parse(
      fs.readFileSync(path.join(TEMPLATE_DIR, templateFile), 'utf8'),
    ),
    directoryContents: files,
  };
}

export type DryRunResult = {
  log: { body: { message: string; stepId?: string; status?: string } }[];
  directoryContents: {
    path: string;
    base64Content: string;
    executable?: boolean;
  }[];
  output: Record<string, unknown>;
  steps: { id: string; name: string }[];
};

/** POST /api/scaffolder/v2/dry-run; returns the result and its duration. */
export async function dryRun(
  baseUrl: string,
  token: string,
  values: Record<string, unknown>,
  templateFile?: string,
): Promise<{ status: number; ms: number; result: DryRunResult; text: string }> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/api/scaffolder/v2/dry-run`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      ...templateRequest(templateFile),
      values,
      secrets: {},
    }),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let result = {} as DryRunResult;
  try {
    result = JSON.parse(text);
  } catch {
    // kept in `text`
  }
  return { status: res.status, ms, result, text };
}

/** Writes a dry run's files into `dir` (as the template would publish them). */
export function writeFiles(result: DryRunResult, dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const file of result.directoryContents) {
    const target = path.join(dir, file.path);
    if (!target.startsWith(dir + path.sep))
      throw new Error(`unsafe path ${file.path}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(file.base64Content, 'base64'), {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
}
