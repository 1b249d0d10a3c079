import { parser } from '@prometheus-io/lezer-promql';
import { parseDuration } from '@runway/plugin-slo-common';

/** A node of the PromQL syntax tree. */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/**
 * What {@link checkPromql} enforces on one expression.
 *
 * @public
 */
export type PromqlRules = {
  /**
   * When set, every vector selector must carry the matcher
   * `service="<service>"` (exact match); unset for trusted entities.
   */
  service?: string;
  /** The longest regular expression of a label matcher, in characters. */
  maxRegexLength: number;
  /** The longest range (`[...]`) or offset, in seconds. */
  maxRangeSeconds: number;
};

/**
 * The problems of one PromQL expression (empty when it is acceptable) and
 * its number of vector selectors. Parsed with `@prometheus-io/lezer-promql`:
 * an expression that does not parse, a selector without the service matcher,
 * a regular expression over the limit, a range or offset beyond
 * `maxRangeSeconds`, a range that is not a plain duration, a subquery or an
 * `@` modifier is a problem.
 *
 * @public
 */
export function checkPromql(
  expr: string,
  rules: PromqlRules,
): { problems: string[]; selectors: number } {
  const problems = new Set<string>();
  let selectors = 0;
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  const checkDuration = (n: SyntaxNode | null, what: string) => {
    const literal = n?.getChild('NumberDurationLiteralInDurationContext');
    const raw = n ? text(n).trim().replace(/^-/, '') : '';
    if (!literal || text(literal) !== raw) {
      problems.add(`the ${what} '${raw}' is not a plain duration`);
      return;
    }
    const seconds = durationSeconds(raw);
    if (seconds === undefined) {
      problems.add(`the ${what} '${raw}' is not a duration`);
    } else if (seconds > rules.maxRangeSeconds) {
      problems.add(
        `the ${what} '${raw}' is longer than the SLO's windows allow (${rules.maxRangeSeconds}s)`,
      );
    }
  };

  parser.parse(expr).iterate({
    enter: ref => {
      const node = ref.node;
      if (ref.type.isError) {
        problems.add(`does not parse as PromQL (at character ${ref.from + 1})`);
        return false;
      }
      switch (ref.name) {
        case 'VectorSelector':
          selectors++;
          checkSelector(node, text, rules).forEach(p => problems.add(p));
          return undefined;
        case 'MatrixSelector':
          checkDuration(node.getChild('DurationExpr'), 'range');
          return undefined;
        case 'OffsetExpr':
          checkDuration(node.getChild('OffsetDurationExpr'), 'offset');
          return undefined;
        case 'SubqueryExpr':
          problems.add('subqueries are not allowed');
          return undefined;
        case 'StepInvariantExpr':
          problems.add('@ modifiers are not allowed');
          return undefined;
        default:
          return undefined;
      }
    },
  });
  return { problems: [...problems], selectors };
}

function durationSeconds(raw: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw);
  try {
    return parseDuration(raw);
  } catch {
    return undefined;
  }
}

/** A PromQL string literal's value; `undefined` when it holds escapes. */
function stringValue(literal: string): string | undefined {
  const body = literal.slice(1, -1);
  if (literal.startsWith('`')) return body;
  return body.includes('\\') ? undefined : body;
}

function checkSelector(
  selector: SyntaxNode,
  text: (n: SyntaxNode) => string,
  rules: PromqlRules,
): string[] {
  const problems: string[] = [];
  let hasService = false;
  const matchers = selector.getChild('LabelMatchers');
  for (let m = matchers?.firstChild ?? null; m !== null; m = m.nextSibling) {
    if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') {
      continue;
    }
    const nameNode = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
    const name =
      nameNode?.name === 'QuotedLabelName'
        ? stringValue(text(nameNode))
        : nameNode && text(nameNode);
    const op = m.getChild('MatchOp')?.firstChild?.name;
    const values = m.getChildren('StringLiteral');
    const value = values.length ? text(values[values.length - 1]) : '';
    if (
      (op === 'EqlRegex' || op === 'NeqRegex') &&
      value.length - 2 > rules.maxRegexLength
    ) {
      problems.push(
        `the regular expression of ${name ?? 'a label'} is longer than ${
          rules.maxRegexLength
        } characters`,
      );
    }
    if (
      name === 'service' &&
      op === 'EqlSingle' &&
      stringValue(value) === rules.service
    ) {
      hasService = true;
    }
  }
  if (rules.service !== undefined && !hasService) {
    const shown = text(selector);
    problems.push(
      `the selector ${
        shown.length > 80 ? `${shown.slice(0, 80)}...` : shown
      } does not select service="${rules.service}"`,
    );
  }
  return problems;
}
