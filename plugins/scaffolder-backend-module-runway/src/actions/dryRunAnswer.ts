/*
 * Pure shaping of the scaffolder's `POST /v2/dry-run` answers into the
 * output of `create-service-dry-run`: the files a run would create, the
 * steps, and every problem with the field it names.
 */
import { Entity } from '@backstage/catalog-model';

/** A problem with the answers, naming the template parameter when it can. */
export type DryRunProblem = { field?: string; message: string };

/** The output of `create-service-dry-run`. */
export type DryRunAnswer = {
  ok: boolean;
  template: string;
  files: { path: string; bytes: number; executable?: boolean }[];
  contents: {
    path: string;
    found: boolean;
    text?: string;
    bytes?: number;
    truncated?: boolean;
    binary?: boolean;
  }[];
  steps: { id: string; name: string; status: string }[];
  errors: DryRunProblem[];
};

/** The 200 answer of the dry-run route (the fields used here). */
export type DryRunRouteResult = {
  log?: { body?: { message?: string; stepId?: string; status?: string } }[];
  directoryContents?: {
    path: string;
    base64Content: string;
    executable?: boolean;
  }[];
  steps?: { id?: string; name?: string; action?: string }[];
};

/** One jsonschema validation error, as the route's 400 serialises it. */
export type SchemaValidationError = {
  path?: (string | number)[];
  property?: string;
  message?: string;
  name?: string;
  argument?: unknown;
  stack?: string;
};

/** Text of an included file is capped at this many bytes. */
export const MAX_INCLUDED_BYTES = 20 * 1024;

/** The names of a Template's parameters (every page's properties). */
export function parameterNames(template: Entity): Set<string> {
  const spec = (template.spec ?? {}) as { parameters?: unknown };
  const pages = [spec.parameters ?? []].flat() as {
    properties?: Record<string, unknown>;
    dependencies?: Record<string, { oneOf?: { properties?: object }[] }>;
  }[];
  const names = new Set<string>();
  for (const page of pages) {
    for (const name of Object.keys(page?.properties ?? {})) names.add(name);
    for (const dependency of Object.values(page?.dependencies ?? {})) {
      for (const branch of dependency?.oneOf ?? []) {
        for (const name of Object.keys(branch?.properties ?? {})) {
          names.add(name);
        }
      }
    }
  }
  return names;
}

/** The steps of a Template that did not run, as the route names them. */
export function templateSteps(
  template: Entity,
  status: string,
): DryRunAnswer['steps'] {
  const steps = ((template.spec ?? {}) as { steps?: unknown }).steps;
  return (Array.isArray(steps) ? steps : []).map((step, index) => ({
    id: String(step?.id ?? `step-${index + 1}`),
    name: String(step?.name ?? step?.action ?? ''),
    status,
  }));
}

/**
 * The route's 400 for answers that fail the template's JSON schema, one
 * problem per error: `field` is the property's path (`repoOwner`,
 * `owner` for a missing required property), `message` the error's text.
 */
export function schemaProblems(
  errors: readonly SchemaValidationError[],
): DryRunProblem[] {
  return errors.map(error => {
    const fromStack = /^instance\.(\S+) (.+)$/s.exec(error.stack ?? '');
    let field: string | undefined;
    if (error.name === 'required' && typeof error.argument === 'string') {
      field = [...(error.path ?? []), error.argument].join('.');
    } else if (error.path && error.path.length > 0) {
      field = error.path.join('.');
    } else if (error.property?.startsWith('instance.')) {
      field = error.property.slice('instance.'.length);
    } else if (fromStack) {
      field = fromStack[1];
    }
    const message =
      error.message ?? fromStack?.[2] ?? error.stack ?? 'is not valid';
    return field ? { field, message } : { message };
  });
}

/**
 * A failed step's error, split into problems: Runway's input checks name
 * the field first (`name: must be lower-case ...`) and join several with
 * `; `. A part names a field only when that is one of the template's
 * parameters; otherwise the whole message is one problem without a field.
 */
export function stepProblems(
  message: string,
  parameters: ReadonlySet<string>,
): DryRunProblem[] {
  const text = message.trim() || 'a step of the dry run failed';
  const parts = text.split(/; (?=[A-Za-z][\w.-]*: )/);
  const named = parts.map(part => {
    const match = /^([A-Za-z][\w.-]*): (.+)$/s.exec(part);
    return match && parameters.has(match[1])
      ? { field: match[1], message: match[2] }
      : undefined;
  });
  if (named.every(p => p !== undefined)) return named as DryRunProblem[];
  return [{ message: text }];
}

/** The first line of a failed step's log (its error), without the stack. */
function errorLine(message: string): string {
  const first = message.split('\n')[0].trim();
  return first.replace(/^[A-Za-z]*Error: /, '');
}

/**
 * The route's 200 answer: files with their sizes, the text of the included
 * ones, every step with its last status, and the error of any step that
 * failed.
 */
export function answerFromResult(options: {
  templateRef: string;
  template: Entity;
  result: DryRunRouteResult;
  include: readonly string[];
}): DryRunAnswer {
  const { templateRef, template, result, include } = options;
  const parameters = parameterNames(template);
  const buffers = new Map<string, { content: Buffer; executable?: boolean }>();
  for (const file of result.directoryContents ?? []) {
    buffers.set(file.path, {
      content: Buffer.from(file.base64Content, 'base64'),
      executable: file.executable,
    });
  }
  const files = [...buffers.entries()].map(([path, f]) => ({
    path,
    bytes: f.content.length,
    ...(f.executable && { executable: true }),
  }));

  const statuses = new Map<string, string>();
  const errors: DryRunProblem[] = [];
  for (const entry of result.log ?? []) {
    const { stepId, status, message = '' } = entry.body ?? {};
    if (!stepId || !status) continue;
    statuses.set(stepId, status);
    if (status === 'failed') {
      errors.push(...stepProblems(errorLine(message), parameters));
    }
  }
  const steps = (result.steps ?? []).map((step, index) => {
    const id = step.id ?? `step-${index + 1}`;
    return {
      id,
      name: step.name ?? step.action ?? '',
      status: statuses.get(id) ?? 'not-run',
    };
  });

  return {
    ok: errors.length === 0,
    template: templateRef,
    files,
    contents: include.map(p => includedContent(p, buffers.get(p)?.content)),
    steps,
    errors,
  };
}

function includedContent(
  path: string,
  content: Buffer | undefined,
): DryRunAnswer['contents'][number] {
  if (!content) return { path, found: false };
  const truncated = content.length > MAX_INCLUDED_BYTES;
  const head = content.subarray(0, MAX_INCLUDED_BYTES);
  if (head.includes(0)) {
    return { path, found: true, bytes: content.length, binary: true };
  }
  let text = head.toString('utf8');
  // a character cut at the cap is dropped, not shown as U+FFFD
  if (truncated) text = text.replace(/\uFFFD$/, '');
  return { path, found: true, bytes: content.length, text, truncated };
}

/** An answer for a run that stopped before any file was written. */
export function failedAnswer(options: {
  templateRef: string;
  template: Entity;
  include: readonly string[];
  errors: DryRunProblem[];
  stepStatus: string;
}): DryRunAnswer {
  return {
    ok: false,
    template: options.templateRef,
    files: [],
    contents: options.include.map(p => ({ path: p, found: false })),
    steps: templateSteps(options.template, options.stepStatus),
    errors: options.errors,
  };
}
