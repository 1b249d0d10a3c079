import { ResponseError } from '@backstage/errors';
import {
  responseError,
  serviceStatus,
  upgradeRequest,
} from '../components/testData';
import {
  changeSummary,
  conflictsLabel,
  countBehind,
  errorMessage,
  errorStatus,
  requester,
  requestName,
  requestUrl,
  sortServices,
} from './format';

describe('format', () => {
  it('names pull requests, merge requests and local branches', () => {
    expect(requestName(upgradeRequest())).toBe('pull request #42');
    expect(requestName(upgradeRequest({ provider: 'gitlab', number: 7 }))).toBe(
      'merge request !7',
    );
    expect(
      requestName(
        upgradeRequest({ provider: 'local', number: undefined, branch: 'b' }),
      ),
    ).toBe('branch b');
  });

  it('links only http(s) request pages', () => {
    expect(requestUrl(upgradeRequest())).toBe(
      'https://github.com/acme/checkout-api/pull/42',
    );
    // eslint-disable-next-line no-script-url -- the unsafe input under test
    expect(requestUrl(upgradeRequest({ url: 'javascript:alert(1)' }))).toBe(
      undefined,
    );
    expect(requestUrl(upgradeRequest({ url: 'not a url' }))).toBe(undefined);
    expect(requestUrl(upgradeRequest({ url: undefined }))).toBe(undefined);
  });

  it('counts conflicts and changes in words', () => {
    expect(conflictsLabel([])).toBe('clean');
    expect(conflictsLabel([{ path: 'a', reason: 'binary' }])).toBe(
      '1 conflict',
    );
    expect(
      changeSummary([
        { path: 'a', change: 'modified' },
        { path: 'b', change: 'modified' },
        { path: 'c', change: 'deleted' },
      ]),
    ).toBe('2 modified, 1 deleted');
  });

  it('puts behind services first, those with a problem before the others', () => {
    const services = [
      serviceStatus({ entityRef: 'component:default/a', behind: false }),
      serviceStatus({ entityRef: 'component:default/b' }),
      serviceStatus({ entityRef: 'component:default/c', problem: 'x' }),
      serviceStatus({
        entityRef: 'component:default/d',
        behind: false,
        problem: 'y',
      }),
    ];
    expect(sortServices(services).map(s => s.entityRef)).toEqual([
      'component:default/c',
      'component:default/b',
      'component:default/d',
      'component:default/a',
    ]);
    expect(countBehind(services)).toBe(2);
  });

  it('shortens who asked for an upgrade', () => {
    expect(requester('user:default/jane')).toBe('jane');
    expect(requester('user:ops/sam')).toBe('ops/sam');
    expect(requester('sweep')).toBe('the sweep');
  });

  it("reads the status and the backend's message from a failed call", async () => {
    const error = await responseError(409, 'Conflict', 'not behind');
    expect(errorStatus(error)).toBe(409);
    expect(errorMessage(error)).toBe('not behind');
    const bare = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({ error: { name: 'Error', message: 'not behind' } }),
        { status: 409, headers: { 'Content-Type': 'application/json' } },
      ) as any,
    );
    expect(errorMessage(bare)).toBe('not behind');
    const html = await ResponseError.fromResponse(
      new Response('<h1>Bad gateway</h1>', { status: 502 }) as any,
    );
    expect(errorStatus(html)).toBe(502);
    expect(errorMessage(html)).toBe(
      'Request failed with status 502 , <h1>Bad gateway</h1>',
    );
    expect(errorStatus(new Error('offline'))).toBe(undefined);
    expect(errorMessage(new Error('offline'))).toBe('offline');
  });
});
