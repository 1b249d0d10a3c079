import { startSamplePrometheus } from '../../slo/dev';
import type { E2eService } from './types';

/**
 * The SLO plugin's Prometheus for the browser tests: the same seeded sample
 * history and rules as `make dev` (checkout-api burning its availability
 * budget), on a free loopback port, scraping the e2e backend.
 */
const service: E2eService = {
  name: 'slo',
  async start({ dir }) {
    const backendPort = Number(process.env.RUNWAY_E2E_PORT ?? 7017);
    const prometheus = await startSamplePrometheus({
      dir,
      backendTarget: `127.0.0.1:${backendPort}`,
    });
    return {
      config: {
        slo: {
          prometheus: [
            {
              name: 'sample',
              url: prometheus.url,
              environments: ['staging', 'production'],
            },
          ],
          sampleData: true,
          cacheTtlSeconds: 10,
        },
      },
      stop: () => prometheus.stop(),
    };
  },
};

export default service;
