/**
 * The SLO backend's file rules in the real Runway backend with the
 * development config: the catalog sets `managed-by-origin-location` on the
 * sample services and on Runway itself from `catalog.locations`, so their
 * local SLO files are read (the untrusted cases are covered by
 * plugins/slo-backend/src/service/SloDefinitions.test.ts). Prometheus is a
 * closed port here: only the files and their issues are checked.
 */
import {
  api,
  Backend,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import { freePort, runDir } from '../harness/processes';

jest.setTimeout(300_000);

type EntitySlos = {
  slos: { name: string }[];
  issues: { path: string; message: string }[];
};

describe('local SLO files of entities from catalog.locations (real backend)', () => {
  let backend: Backend;

  beforeAll(async () => {
    const closed = await freePort();
    backend = await startBackend({
      port: await freePort(),
      dir: runDir('slo-backend-files'),
      config: {
        slo: {
          prometheus: [
            {
              name: 'closed',
              url: `http://127.0.0.1:${closed}`,
              environments: ['staging', 'production'],
              queryTimeoutMs: 1000,
            },
          ],
        },
      },
    });
    await waitForEntities(backend.baseUrl, 'kind=component', {
      count: 6,
      ok: (e: { metadata: { annotations?: Record<string, string> } }) =>
        Boolean(e.metadata.annotations?.['runway.io/slo-ref']),
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it.each([
    'storefront-web',
    'checkout-api',
    'inventory-api',
    'payments-api',
    'billing-worker',
    'runway',
  ])('%s: its SLO file is read, without issues', async name => {
    const token = await guestToken(backend.baseUrl);
    const body = await api<EntitySlos>(
      backend.baseUrl,
      token,
      `/api/slo/entity/component/default/${name}`,
    );
    expect(body.issues).toEqual([]);
    expect(body.slos.map(s => s.name).sort()).toEqual([
      `${name}-availability`,
      `${name}-latency`,
    ]);
  });
});
