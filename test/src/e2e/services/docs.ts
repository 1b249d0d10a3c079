import type { E2eService } from './types';

/**
 * No process of its own: the docs tests only need the TechDocs collator to
 * index built docs quickly (every 15 s instead of every 2 minutes).
 */
const docs: E2eService = {
  name: 'docs',
  async start() {
    return {
      config: {
        // the Decisions index catches up with the catalog within seconds
        decisions: { refreshMinutes: 0.1 },
        search: {
          collators: {
            techdocs: {
              // ISO strings: config objects merge key by key, so an object
              // here would be added to the development file's { minutes: 2 }.
              schedule: {
                frequency: 'PT15S',
                timeout: 'PT5M',
                initialDelay: 'PT5S',
              },
            },
          },
        },
      },
      async stop() {},
    };
  },
};

export default docs;
