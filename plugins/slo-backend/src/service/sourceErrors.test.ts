import { SloSourceError } from '@runway/plugin-slo-common';
import { addSourceError } from './sourceErrors';

describe('addSourceError', () => {
  it('adds each (source, message) once', () => {
    const errors: SloSourceError[] = [];
    addSourceError(errors, { source: 'a', message: 'down' });
    addSourceError(errors, { source: 'a', message: 'down' });
    addSourceError(errors, { source: 'b', message: 'down' });
    addSourceError(errors, { source: 'a', message: 'timeout' });
    expect(errors).toEqual([
      { source: 'a', message: 'down' },
      { source: 'b', message: 'down' },
      { source: 'a', message: 'timeout' },
    ]);
  });
});
