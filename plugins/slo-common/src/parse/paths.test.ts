import { z } from 'zod';
import { SloValidationIssue } from '../types';
import { checkLabelNames, flattenLabels, formatPath, issuesOf } from './paths';

describe('SLO file paths and issues', () => {
  it('formats paths with dots and indices', () => {
    expect(
      formatPath(['documents', 0, 'spec', 'objectives', 0, 'target']),
    ).toBe('documents[0].spec.objectives[0].target');
    expect(formatPath([])).toBe('');
  });

  it('prefixes zod issues with the document path', () => {
    const result = z
      .object({ spec: z.object({ target: z.number() }) })
      .safeParse({ spec: { target: 'high' } });
    expect(result.success).toBe(false);
    expect(issuesOf(result.error!, ['documents', 3])).toEqual([
      { path: 'documents[3].spec.target', message: expect.any(String) },
    ]);
  });

  it('flattens list labels and checks label names', () => {
    expect(flattenLabels({ team: ['a', 'b'], tier: '1' })).toEqual({
      team: 'a,b',
      tier: '1',
    });
    expect(flattenLabels(undefined)).toEqual({});
    const issues: SloValidationIssue[] = [];
    checkLabelNames({ ok_name: '1', '1bad': '2' }, ['labels'], issues);
    expect(issues).toEqual([
      { path: 'labels.1bad', message: 'is not a valid Prometheus label name' },
    ]);
  });
});
