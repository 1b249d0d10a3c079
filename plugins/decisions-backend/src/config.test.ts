import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_RUNBOOK_MAX_AGE_DAYS } from '@runway/plugin-decisions-common';
import { readDecisionsConfig } from './config';

describe('readDecisionsConfig', () => {
  it('uses the defaults when nothing is set', () => {
    expect(readDecisionsConfig(mockServices.rootConfig({ data: {} }))).toEqual({
      runbookMaxAgeDays: DEFAULT_RUNBOOK_MAX_AGE_DAYS,
      refreshMinutes: 10,
    });
  });

  it('reads both keys', () => {
    expect(
      readDecisionsConfig(
        mockServices.rootConfig({
          data: { decisions: { runbookMaxAgeDays: 30, refreshMinutes: 60 } },
        }),
      ),
    ).toEqual({ runbookMaxAgeDays: 30, refreshMinutes: 60 });
  });

  it('names the key of a value that is not a positive number', () => {
    expect(() =>
      readDecisionsConfig(
        mockServices.rootConfig({ data: { decisions: { refreshMinutes: 0 } } }),
      ),
    ).toThrow(
      'decisions.refreshMinutes must be a positive number of minutes (got 0)',
    );
    expect(() =>
      readDecisionsConfig(
        mockServices.rootConfig({
          data: { decisions: { runbookMaxAgeDays: -1 } },
        }),
      ),
    ).toThrow(
      'decisions.runbookMaxAgeDays must be a positive number of days (got -1)',
    );
  });
});
