/**
 * The docs (TechDocs) job of a rendered pipeline, read the same way for the
 * three CI providers, so that one test can hold them to the same contract:
 * generate with @techdocs/cli, publish to the bucket named by the CI
 * variable TECHDOCS_S3_BUCKET_NAME, on the default branch only.
 */
import { parse } from 'yaml';
import { Combination } from './combinations';

/** The pinned versions every generated pipeline uses. */
export const TECHDOCS_CLI_VERSION = '1.8.15';
export const TECHDOCS_CORE_VERSION = '1.7.1';

export type DocsJob = {
  /** The job's condition as the file states it (its `if`, `rules` or `when`). */
  runsWhen: unknown;
  /** How it gets AWS credentials. */
  aws: unknown;
  /** Where TECHDOCS_S3_BUCKET_NAME comes from, when the file maps it. */
  bucketFrom: unknown;
  /** Its shell commands on one line each, `\` continuations and folded lines joined. */
  commands: string;
};

const oneLine = (script: string) =>
  script
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)
    .join('\n');

/** The pipeline file of each CI provider. */
export const PIPELINE_FILE: Record<Combination['ci'], string> = {
  'github-actions': '.github/workflows/ci.yaml',
  'gitlab-ci': '.gitlab-ci.yml',
  jenkins: 'Jenkinsfile',
};

/** Reads the docs job out of a pipeline file's text. */
export const DOCS_JOB: Record<Combination['ci'], (text: string) => DocsJob> = {
  'github-actions': text => {
    const job = parse(text).jobs.docs;
    const steps: any[] = job.steps;
    const credentials = steps.find(s =>
      String(s.uses).startsWith('aws-actions/configure-aws-credentials@'),
    );
    return {
      runsWhen: job.if,
      aws: {
        idToken: job.permissions['id-token'],
        role: credentials.with['role-to-assume'],
      },
      bucketFrom: job.env.TECHDOCS_S3_BUCKET_NAME,
      commands: oneLine(
        steps
          .filter(s => s.run)
          .map(s => s.run)
          .join('\n'),
      ),
    };
  },
  'gitlab-ci': text => {
    const job = parse(text).docs;
    return {
      runsWhen: job.rules,
      aws: {
        idToken: job.id_tokens.AWS_ID_TOKEN.aud,
        role: job.variables.AWS_ROLE_ARN,
      },
      bucketFrom: job.variables.TECHDOCS_S3_BUCKET_NAME,
      // `>` scalars are already folded into one line by the parser
      commands: oneLine(job.script.join('\n')),
    };
  },
  jenkins: text => {
    // the stage's body, up to the brace at its own indentation
    const stage = /\n( +)stage\('Docs'\) \{\n([\s\S]*?)\n\1\}\n/.exec(
      text,
    )?.[2];
    if (!stage) throw new Error("Jenkinsfile: no stage('Docs')");
    const script = /sh '''\n([\s\S]*?)'''/.exec(stage)?.[1] ?? '';
    return {
      runsWhen: /when \{ (.+) \}/.exec(stage)?.[1],
      // the agent pod's IAM role, as for Push and the deploys: nothing in the file
      aws: /withCredentials|withAWS|AWS_ACCESS_KEY_ID/.test(stage)
        ? 'credentials in the file'
        : "the agent's",
      bucketFrom: undefined,
      commands: oneLine(script),
    };
  },
};
