/**
 * The template combinations the proof suite renders: every language x CI
 * provider once, with the database, queue, exposure and tier options spread
 * so that each value appears at least once (twice for most).
 */
export type Combination = {
  name: string;
  language: 'typescript' | 'python' | 'go';
  ci: 'github-actions' | 'gitlab-ci' | 'jenkins';
  tier: '1' | '2' | '3';
  database: 'none' | 'postgres';
  queue: 'none' | 'sqs' | 'rabbitmq';
  exposure: 'internal' | 'public';
};

const rows: Omit<Combination, 'name'>[] = [
  {
    language: 'typescript',
    ci: 'github-actions',
    tier: '1',
    database: 'postgres',
    queue: 'sqs',
    exposure: 'public',
  },
  {
    language: 'typescript',
    ci: 'gitlab-ci',
    tier: '2',
    database: 'none',
    queue: 'rabbitmq',
    exposure: 'internal',
  },
  {
    language: 'typescript',
    ci: 'jenkins',
    tier: '3',
    database: 'none',
    queue: 'none',
    exposure: 'internal',
  },
  {
    language: 'python',
    ci: 'github-actions',
    tier: '2',
    database: 'postgres',
    queue: 'none',
    exposure: 'internal',
  },
  {
    language: 'python',
    ci: 'gitlab-ci',
    tier: '1',
    database: 'none',
    queue: 'sqs',
    exposure: 'public',
  },
  {
    language: 'python',
    ci: 'jenkins',
    tier: '3',
    database: 'postgres',
    queue: 'rabbitmq',
    exposure: 'internal',
  },
  {
    language: 'go',
    ci: 'github-actions',
    tier: '2',
    database: 'none',
    queue: 'none',
    exposure: 'public',
  },
  {
    language: 'go',
    ci: 'gitlab-ci',
    tier: '3',
    database: 'postgres',
    queue: 'sqs',
    exposure: 'internal',
  },
  {
    language: 'go',
    ci: 'jenkins',
    tier: '1',
    database: 'none',
    queue: 'rabbitmq',
    exposure: 'public',
  },
];

const short = { typescript: 'ts', python: 'py', go: 'go' } as const;
const ciShort = {
  'github-actions': 'gha',
  'gitlab-ci': 'gl',
  jenkins: 'jk',
} as const;

export const COMBINATIONS: Combination[] = rows.map(r => ({
  ...r,
  name: `proof-${short[r.language]}-${ciShort[r.ci]}`,
}));

/** The form values of a combination. */
export function formValues(c: Combination, description?: string) {
  return {
    name: c.name,
    description:
      description ??
      `Proof service (${c.language}, ${c.ci}): "quoted" text, a colon: and a #hash`,
    owner: 'group:default/team-checkout',
    system: 'system:default/storefront',
    language: c.language,
    ci: c.ci,
    tier: c.tier,
    database: c.database,
    queue: c.queue,
    exposure: c.exposure,
  };
}
