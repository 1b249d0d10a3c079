/**
 * Issue reporting for SLO files: field paths such as
 * `documents[0].spec.objectives[0].target`, zod errors turned into issues,
 * and label checks shared by the OpenSLO and Sloth readers.
 */
import { z } from 'zod';
import { SloValidationIssue } from '../types';

/** A field path inside an SLO file: property names and array indices. */
export type Path = ReadonlyArray<PropertyKey>;

/** Formats a path as `documents[0].spec.objectives[0].target`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      out += out ? `.${String(part)}` : String(part);
    }
  }
  return out;
}

/** One issue per zod problem, each path prefixed with `prefix`. */
export function issuesOf(
  error: z.ZodError,
  prefix: Path,
): SloValidationIssue[] {
  return error.issues.map(issue => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

/** OpenSLO labels (a string or a list of strings) as plain strings, lists joined by commas. */
export function flattenLabels(
  labels: Record<string, string | string[]> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels ?? {})) {
    out[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Adds an issue for every key of `labels` that is not a valid Prometheus label name. */
export function checkLabelNames(
  labels: Record<string, string>,
  path: Path,
  issues: SloValidationIssue[],
) {
  for (const key of Object.keys(labels)) {
    if (!LABEL_NAME.test(key)) {
      issues.push({
        path: formatPath([...path, key]),
        message: 'is not a valid Prometheus label name',
      });
    }
  }
}
