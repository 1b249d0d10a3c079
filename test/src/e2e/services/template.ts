import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../harness/processes';
import type { E2eService } from './types';

const NAME = 'template';

/**
 * The copy of templates/microservice the backend reads in the browser tests
 * (the template upgrades spec publishes a fixture version into it).
 */
export function e2eTemplateCopy(): string {
  const base =
    process.env.RUNWAY_TEST_TMP ?? path.join(ROOT, 'test-results', 'tmp');
  return path.join(base, `e2e-${NAME}`, 'templates', 'microservice');
}

/**
 * No process of its own: services created from the microservice template
 * in the browser tests are published into this run's folder instead of
 * .runway/repos, and the template is read from a copy in that folder.
 */
const template: E2eService = {
  name: NAME,
  async start({ dir }) {
    const copy = path.join(dir, 'templates', 'microservice');
    fs.cpSync(path.join(ROOT, 'templates', 'microservice'), copy, {
      recursive: true,
    });
    return {
      config: {
        runwayTemplates: {
          publish: {
            provider: 'local',
            local: { directory: path.join(dir, 'repos') },
          },
        },
        // the template upgrades spec runs the check itself
        templateUpgrades: { checkMinutes: 1440 },
      },
      replaceLocations: {
        'templates/microservice/template.yaml': path.join(
          copy,
          'template.yaml',
        ),
      },
      async stop() {},
    };
  },
};

export default template;
