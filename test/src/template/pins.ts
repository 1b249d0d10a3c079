/**
 * What a generated repository pins, read the same way for every CI
 * provider: the GitHub Actions it uses (a commit SHA and the release in a
 * comment), the images of its pipeline and the base images of its
 * Dockerfile (tag and digest), and the Jenkinsfile's pod agents.
 */
import { parse, parseAllDocuments } from 'yaml';

/** A `name:tag@sha256:<64 hex>` image reference. */
export const PINNED_IMAGE =
  /^[a-z0-9][a-z0-9./_-]*:[\w.-]+@sha256:[0-9a-f]{64}$/;
/** `owner/repo@<40 hex> # v1.2.3` (the rest of the comment is free). */
export const PINNED_ACTION =
  /^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v?\d+\.\d+\.\d+$/;

/** Every `uses:` of a workflow with its trailing comment, as written. */
export function actionRefs(workflow: string): string[] {
  return [...workflow.matchAll(/^\s*(?:- )?uses: (.+)$/gm)].map(m =>
    m[1].trim(),
  );
}

/** The images a workflow's jobs run (services and containers). */
export function workflowImages(workflow: string): string[] {
  const jobs: Record<string, any> = parse(workflow).jobs;
  return Object.values(jobs).flatMap(job => [
    ...Object.values<any>(job.services ?? {}).map(s => s.image),
    ...(job.container ? [job.container.image ?? job.container] : []),
  ]);
}

/** Every image of a GitLab CI file: jobs' and templates' `image` and `services`. */
export function gitlabImages(text: string): string[] {
  const doc: Record<string, any> = parse(text);
  const name = (i: any) => (typeof i === 'string' ? i : i.name);
  return Object.values(doc)
    .filter(job => job && typeof job === 'object' && !Array.isArray(job))
    .flatMap(job => [
      ...(job.image ? [name(job.image)] : []),
      ...(job.services ?? []).map(name),
    ]);
}

/** The images of a Dockerfile's stages (`FROM x AS y`; later `FROM y` excluded). */
export function dockerfileBases(text: string): string[] {
  const stages = new Set<string>();
  const bases: string[] = [];
  for (const m of text.matchAll(
    /^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/gim,
  )) {
    if (!stages.has(m[1])) bases.push(m[1]);
    if (m[2]) stages.add(m[2]);
  }
  return bases;
}

/** The pod YAMLs a Jenkinsfile defines (`def name = '''...'''`), by name. */
export function jenkinsPods(text: string): Record<string, any> {
  return Object.fromEntries(
    [...text.matchAll(/^def (\w+) = '''\n([\s\S]*?)'''$/gm)].map(m => [
      m[1],
      parseAllDocuments(m[2])[0].toJS(),
    ]),
  );
}

export type JenkinsStage = {
  name: string;
  /** `none`, `kubernetes <pod>` or undefined (inherited). */
  agent?: string;
  /** Names of the stages nested in it. */
  stages: string[];
  body: string;
};

/** The body of a `word {` block starting at `open` (the index of its `{`). */
function block(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('Jenkinsfile: unbalanced braces');
}

/** The agent a block states directly (not in its nested stages). */
function ownAgent(body: string): string | undefined {
  const outer = body.replace(/\bstages\s*\{[\s\S]*$/, '');
  if (/^\s*agent none\b/m.test(outer)) return 'none';
  if (/^\s*agent any\b/m.test(outer)) return 'any';
  const pod = /^\s*agent \{\s*kubernetes \{\s*yaml (\w+)/m.exec(outer);
  return pod ? `kubernetes ${pod[1]}` : undefined;
}

/** The declarative pipeline's agent and every stage (nested ones too), in order. */
export function jenkinsPipeline(text: string): {
  agent?: string;
  stages: JenkinsStage[];
} {
  const start = text.indexOf('pipeline {');
  if (start === -1) throw new Error('Jenkinsfile: no pipeline block');
  const pipeline = block(text, text.indexOf('{', start));
  const stages: JenkinsStage[] = [];
  for (const m of pipeline.matchAll(/stage\('([^']+)'\) \{/g)) {
    const body = block(pipeline, m.index! + m[0].length - 1);
    stages.push({
      name: m[1],
      agent: ownAgent(body),
      stages: [...body.matchAll(/stage\('([^']+)'\)/g)].map(n => n[1]),
      body,
    });
  }
  return { agent: ownAgent(pipeline), stages };
}
