import { PrometheusClient } from './PrometheusClient';

describe('PrometheusClient', () => {
  it("sends its timeout as Prometheus' own timeout parameter with every query", async () => {
    const bodies: URLSearchParams[] = [];
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      bodies.push(new URLSearchParams(String(init.body)));
      return new Response(
        JSON.stringify({
          status: 'success',
          data: { resultType: 'vector', result: [] },
        }),
      );
    }) as unknown as typeof fetch;
    const client = new PrometheusClient({
      name: 'main',
      url: 'http://prometheus.example',
      timeoutMs: 1500,
      fetchImpl,
    });
    await client.query('up{service="a"}', 100);
    await client.queryRange('up{service="a"}', 0, 600, 60);
    expect(bodies.map(b => [b.get('query'), b.get('timeout')])).toEqual([
      ['up{service="a"}', '1500ms'],
      ['up{service="a"}', '1500ms'],
    ]);
  });
});
