import { mockApis } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { TemplateUpgradesClient } from './api';
import { fleet, upgradeRequest } from './components/testData';

function client(answer: () => Response) {
  const calls: { url: string; method: string }[] = [];
  const fetchApi = {
    fetch: async (input: any, init?: RequestInit) => {
      calls.push({ url: String(input), method: init?.method ?? 'GET' });
      return answer();
    },
  };
  const discoveryApi = mockApis.discovery({
    baseUrl: 'http://localhost:7007',
  });
  return { api: new TemplateUpgradesClient({ discoveryApi, fetchApi }), calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('TemplateUpgradesClient', () => {
  it('reads the fleet and one entity from the backend', async () => {
    const { api, calls } = client(() => json(fleet));
    await expect(api.getFleet()).resolves.toEqual(fleet);
    await api.getEntityStatus('component:default/checkout-api');
    await api.getEntityStatus('Component:team a/x');
    expect(calls).toEqual([
      {
        url: 'http://localhost:7007/api/template-upgrades/fleet',
        method: 'GET',
      },
      {
        url: 'http://localhost:7007/api/template-upgrades/entity/component/default/checkout-api',
        method: 'GET',
      },
      {
        url: 'http://localhost:7007/api/template-upgrades/entity/Component/team%20a/x',
        method: 'GET',
      },
    ]);
  });

  it('opens an upgrade with a POST', async () => {
    const answer = { request: upgradeRequest(), created: true };
    const { api, calls } = client(() => json(answer, 201));
    await expect(
      api.upgrade('component:default/checkout-api'),
    ).resolves.toEqual(answer);
    expect(calls).toEqual([
      {
        url: 'http://localhost:7007/api/template-upgrades/entity/component/default/checkout-api/upgrade',
        method: 'POST',
      },
    ]);
  });

  it("throws a ResponseError with the backend's message", async () => {
    const { api } = client(() =>
      json(
        {
          error: { name: 'ConflictError', message: 'not behind' },
          request: { method: 'POST', url: '/entity/component/default/x' },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    const error = await api
      .upgrade('component:default/checkout-api')
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe('not behind');
  });
});
