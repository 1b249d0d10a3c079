import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { PublishSettings } from '../config';
import { checkRepositoryOwner, checkServiceName } from './inputChecks';
import { examples } from './publishTarget.examples';

const NAMES = { github: 'GitHub', gitlab: 'GitLab' } as const;

/**
 * `runway:publish:target`: tells the production template where to publish
 * the new repository, from the backend's `runwayTemplates.publish` config:
 * `provider` (github or gitlab) drives the `if:` of its `publish:github` and
 * `publish:gitlab` steps, `repoUrl` is their input. The owner is the form's
 * (a GitHub organisation or user, or a GitLab group path), or
 * `runwayTemplates.publish.owner` when the form leaves it empty.
 *
 * @public
 */
export function createPublishTargetAction(options: {
  settings: PublishSettings;
}) {
  const { settings } = options;
  return createTemplateAction({
    id: 'runway:publish:target',
    description:
      'Chooses where a new repository is published (GitHub or GitLab, from runwayTemplates.publish) and checks its owner and name.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string().describe('The repository name (the service name)'),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              'GitHub organisation or user, or GitLab group path (payments/core); empty: runwayTemplates.publish.owner',
            ),
      },
      output: {
        provider: z =>
          z
            .enum(['github', 'gitlab'])
            .describe('Where the repository is published'),
        host: z => z.string().describe('Host of the integration'),
        owner: z =>
          z
            .string()
            .describe('GitHub organisation or user, or GitLab group path'),
        repo: z => z.string().describe('The repository name'),
        repoUrl: z =>
          z
            .string()
            .describe(
              '<host>?owner=<owner>&repo=<repo>, for publish:github or publish:gitlab',
            ),
        slug: z => z.string().describe('<owner>/<repo>'),
      },
    },
    async handler(ctx) {
      const { provider, host } = settings;
      if (provider === 'local' || !host) {
        throw new InputError(
          `runwayTemplates.publish.provider is ${
            settings.providerConfigured ? '"local"' : 'not set (local)'
          }: this template publishes to GitHub or GitLab. Set runwayTemplates.publish.provider to github or gitlab, with runwayTemplates.publish.host and a matching integrations.github or integrations.gitlab entry (templates/README.md).`,
        );
      }
      const repo = ctx.input.name;
      const nameProblem = checkServiceName(repo);
      if (nameProblem) throw new InputError(nameProblem);
      const owner = ctx.input.owner?.trim() || settings.owner;
      if (!owner) {
        throw new InputError(
          `owner: no repository owner given, and runwayTemplates.publish.owner is not set (the ${
            NAMES[provider]
          } ${
            provider === 'github' ? 'organisation' : 'group'
          } of new repositories)`,
        );
      }
      const ownerProblem = checkRepositoryOwner(provider, owner);
      if (ownerProblem) throw new InputError(ownerProblem);

      ctx.logger.info(
        `Publishing ${owner}/${repo} to ${NAMES[provider]} (${host})`,
      );
      ctx.output('provider', provider);
      ctx.output('host', host);
      ctx.output('owner', owner);
      ctx.output('repo', repo);
      ctx.output(
        'repoUrl',
        `${host}?owner=${encodeURIComponent(owner)}&repo=${encodeURIComponent(
          repo,
        )}`,
      );
      ctx.output('slug', `${owner}/${repo}`);
    },
  });
}
