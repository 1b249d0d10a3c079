import { parseAllDocuments } from 'yaml';
import { SloDefinition, SloParseResult, SloValidationIssue } from '../types';
import {
  emptyOpenSloDocuments,
  fromOpenSlo,
  readOpenSloDocument,
} from './openSlo';
import { Path, formatPath } from './paths';
import { readSlothDocument } from './sloth';

/**
 * Parses an SLO file: one or more YAML documents in OpenSLO v1 (kinds SLO,
 * SLI, AlertPolicy) or one Sloth `prometheus/v1` document. Every bad field is
 * reported with its path (`documents[<i>].<field path>`); valid SLOs are
 * returned even when others are not. Never throws.
 *
 * @public
 */
export function parseSloFile(text: string): SloParseResult {
  const issues: SloValidationIssue[] = [];
  const slos: SloDefinition[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch (error) {
    return {
      slos,
      issues: [{ path: '', message: `not YAML: ${(error as Error).message}` }],
    };
  }
  const values: { index: number; value: any }[] = [];
  (Array.isArray(docs) ? docs : [docs]).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        issues.push({
          path: `documents[${index}]`,
          message: `YAML: ${e.message}`,
        });
      }
      return;
    }
    let value;
    try {
      // the yaml library refuses aliases that expand excessively ("billion
      // laughs"): an issue for this document, never an exception
      value = doc.toJS();
    } catch (error) {
      issues.push({
        path: `documents[${index}]`,
        message: `YAML: ${(error as Error).message}`,
      });
      return;
    }
    if (value !== null && value !== undefined) {
      values.push({ index, value });
    }
  });
  if (values.length === 0 && issues.length === 0) {
    issues.push({ path: '', message: 'the file holds no SLO' });
  }

  const openSlo = emptyOpenSloDocuments();
  for (const { index, value } of values) {
    const at: Path = ['documents', index];
    if (typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ path: formatPath(at), message: 'must be a mapping' });
      continue;
    }
    if (value.version !== undefined) {
      slos.push(...readSlothDocument(value, at, issues));
      continue;
    }
    readOpenSloDocument(value, index, openSlo, issues);
  }
  slos.push(...fromOpenSlo(openSlo, issues));

  const seen = new Set<string>();
  for (const slo of slos) {
    if (seen.has(slo.name)) {
      issues.push({
        path: '',
        message: `SLO name '${slo.name}' is used twice`,
      });
    }
    seen.add(slo.name);
  }
  return { slos, issues };
}
