/**
 * The abuse suite's case type and runner: each case is one hostile request
 * with the answers that count as a refusal and a leak check over what came
 * back (and, where the request could write, over the state it could change).
 */
import { AbuseRequest, Answer, Caller, send } from './client';

/** The plugins and actions the cases are grouped by. */
export type Target =
  | 'aws-cost'
  | 'eks'
  | 'slo'
  | 'decisions'
  | 'template-upgrades'
  | 'scaffolder actions'
  | 'catalog'
  | 'techdocs'
  | 'backend';

export type AbuseCase = {
  /** Unique, says what the attacker tries. */
  name: string;
  target: Target;
  as: Caller;
  request: AbuseRequest;
  /** The statuses that refuse the attack (or answer it without the data). */
  expect: number[];
  /**
   * What the answer may not show: a description of the leak, or undefined.
   * May wait (polling) for what the request started, e.g. a task.
   */
  leak?: (answer: Answer) => string | undefined | Promise<string | undefined>;
  /**
   * State the request may not change (nothing written): read before the
   * request and again after the leak check; any difference is a leak.
   */
  unchanged?: () => Promise<string>;
  /**
   * A known open issue (a residual risk of docs/security.md or a defect
   * found by this suite, not fixed here): the case is expected to leak or
   * answer unexpectedly, is reported, and fails the suite once it no longer
   * does, so that the mark is removed.
   */
  known?: string;
};

export type Outcome = 'refused' | 'leak' | 'unexpected' | 'known' | 'fixed';

export type CaseResult = {
  case: AbuseCase;
  status: number;
  outcome: Outcome;
  detail: string;
};

/**
 * Secrets of the rehearsal's environment and contents of local files: no
 * answer to anyone may hold them.
 */
const NEVER = [
  { what: '/etc/passwd content', pattern: /root:[^:\n]*:0:0:/ },
  { what: 'the backend secret', pattern: /rehearsal-backend-secret/ },
  { what: 'the session secret', pattern: /rehearsal-session-secret/ },
  { what: 'the GitHub token', pattern: /rehearsal-github-token/ },
  { what: 'an AWS secret key', pattern: /runway-test-main-account-secret/ },
  { what: 'the database password', pattern: /runway-test-password/ },
];

const isSuccess = (status: number) => status >= 200 && status < 300;

async function evaluate(c: AbuseCase): Promise<CaseResult> {
  const before = c.unchanged ? await c.unchanged() : undefined;
  const answer = await send(c.as, c.request);
  const findings: string[] = [];
  for (const { what, pattern } of NEVER) {
    if (pattern.test(answer.text)) findings.push(`the answer holds ${what}`);
  }
  if (isSuccess(answer.status) && !c.expect.some(isSuccess)) {
    findings.push(`answered ${answer.status} where a refusal was expected`);
  }
  const leak = await c.leak?.(answer);
  if (leak) findings.push(leak);
  if (c.unchanged) {
    const after = await c.unchanged();
    if (after !== before) {
      findings.push(`wrote: before ${before}; after ${after}`);
    }
  }
  const expected = c.expect.includes(answer.status);
  let outcome: Outcome = 'refused';
  if (findings.length > 0) outcome = 'leak';
  else if (!expected) outcome = 'unexpected';
  if (c.known) outcome = outcome === 'refused' ? 'fixed' : 'known';
  const body = answer.text.replace(/\s+/g, ' ').slice(0, 240);
  const detail = [
    ...findings,
    ...(expected ? [] : [`expected ${c.expect.join('/')}`]),
    ...(c.known && outcome === 'known' ? [`known: ${c.known}`] : []),
    ...(outcome === 'fixed'
      ? [`refused now: remove the known mark (${c.known})`]
      : []),
    ...(outcome === 'refused' ? [] : [`answer: ${body}`]),
  ].join('; ');
  return { case: c, status: answer.status, outcome, detail };
}

/** Runs the cases one after the other, in table order. */
export async function runCases(cases: AbuseCase[]): Promise<CaseResult[]> {
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`two cases named '${c.name}'`);
    names.add(c.name);
  }
  const results: CaseResult[] = [];
  for (const c of cases) {
    try {
      results.push(await evaluate(c));
    } catch (error) {
      results.push({
        case: c,
        status: 0,
        outcome: c.known ? 'known' : 'unexpected',
        detail: `the case could not run: ${(error as Error).message}`,
      });
    }
  }
  return results;
}

/** `N cases, N refused as expected, N leaks`, the suite's summary line. */
export function summaryLine(results: CaseResult[]): string {
  const count = (o: Outcome) => results.filter(r => r.outcome === o).length;
  return `${results.length} cases, ${count(
    'refused',
  )} refused as expected, ${count('leak')} leaks`;
}

/** Unexpected answers and known issues, one line each (under the summary). */
export function otherLines(results: CaseResult[]): string[] {
  const count = (o: Outcome) => results.filter(r => r.outcome === o).length;
  return [
    `${count('unexpected')} unexpected answers, ${count(
      'known',
    )} known open issues, ${count('fixed')} known issues no longer seen`,
  ];
}

/** The cases that are not refused as expected, as a table. */
export function offendersTable(
  results: CaseResult[],
  outcomes: Outcome[],
): string {
  const rows = results.filter(r => outcomes.includes(r.outcome));
  if (rows.length === 0) return '';
  return rows
    .map(
      r =>
        `| ${r.outcome} | ${r.case.target} | ${r.case.name} | ${r.case.as} ${
          r.case.request.method ?? 'GET'
        } ${r.case.request.path.slice(0, 120)} | ${r.status} | ${r.detail} |`,
    )
    .join('\n')
    .replace(
      /^/,
      '| outcome | target | case | request | status | detail |\n|---|---|---|---|---|---|\n',
    );
}

/** Every case, one line each, for the report attachment. */
export function fullTable(results: CaseResult[]): string {
  return results
    .map(
      r =>
        `${r.outcome.padEnd(10)} ${String(r.status).padEnd(
          4,
        )} ${r.case.target.padEnd(18)} ${r.case.name}`,
    )
    .join('\n');
}
