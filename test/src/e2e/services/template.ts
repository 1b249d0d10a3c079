import path from 'node:path';
import type { E2eService } from './types';

/**
 * No process of its own: services created from the microservice template
 * in the browser tests are published into this run's folder instead of
 * .runway/repos.
 */
const template: E2eService = {
  name: 'template',
  async start({ dir }) {
    return {
      config: {
        runwayTemplates: {
          publish: {
            provider: 'local',
            local: { directory: path.join(dir, 'repos') },
          },
        },
      },
      async stop() {},
    };
  },
};

export default template;
