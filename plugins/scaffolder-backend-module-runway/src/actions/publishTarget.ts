import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { IntegrationHosts } from './docsCheckout';
import { checkServiceName } from './inputChecks';
import { examples } from './publishTarget.examples';

/**
 * Where templates publish new repositories, as read from
 * `runwayTemplates.publish` at start-up.
 *
 * @public
 */
export type PublishSettings = {
  /** `local` when `runwayTemplates.publish.provider` is not set. */
  provider: 'local' | 'github' | 'gitlab';
  /** Whether `runwayTemplates.publish.provider` is set. */
  providerConfigured: boolean;
  /** Host of the GitHub / GitLab integration (github / gitlab only). */
  host?: string;
  /** Default GitHub organisation or GitLab group of new repositories. */
  owner?: string;
};

const PROVIDERS = ['local', 'github', 'gitlab'] as const;
const DEFAULT_HOSTS = { github: 'github.com', gitlab: 'gitlab.com' } as const;
const NAMES = { github: 'GitHub', gitlab: 'GitLab' } as const;

/** A GitHub organisation or user name: letters, digits, single hyphens, 1-39. */
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** One segment of a GitLab namespace path (group, subgroup or user). */
const GITLAB_SEGMENT = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,253}[A-Za-z0-9_-])?$/;

/**
 * The problem with a repository owner for a provider, naming `field`, or
 * undefined when it is fine: a GitHub organisation or user name, or a GitLab
 * group path (`payments` or `payments/core`, at most 20 levels).
 */
export function checkRepositoryOwner(
  provider: 'github' | 'gitlab',
  owner: string,
  field = 'owner',
): string | undefined {
  if (provider === 'github') {
    return GITHUB_OWNER.test(owner)
      ? undefined
      : `${field}: "${owner}" is not a GitHub organisation or user name (letters, digits and single hyphens, at most 39 characters)`;
  }
  const segments = owner.split('/');
  const ok =
    segments.length <= 20 &&
    segments.every(
      s =>
        GITLAB_SEGMENT.test(s) &&
        !s.includes('..') &&
        !/\.(git|atom)$/i.test(s),
    );
  return ok
    ? undefined
    : `${field}: "${owner}" is not a GitLab group path (letters, digits, "_", "-" and "." in each level, levels separated by "/", e.g. payments/core)`;
}

/**
 * Reads `runwayTemplates.publish` once, at start-up. Throws, naming the key,
 * for a provider other than local, github or gitlab, for a host without a
 * matching `integrations.github` / `integrations.gitlab` entry, and for an
 * owner the provider would refuse.
 */
export function publishSettingsFromConfig(
  config: Config,
  integrationHosts: IntegrationHosts,
): PublishSettings {
  const raw = config.getOptionalString('runwayTemplates.publish.provider');
  const provider = (raw ?? 'local') as PublishSettings['provider'];
  if (!PROVIDERS.includes(provider)) {
    throw new Error(
      `runwayTemplates.publish.provider must be local, github or gitlab (got "${raw}")`,
    );
  }
  const settings: PublishSettings = {
    provider,
    providerConfigured: raw !== undefined,
  };
  if (provider === 'local') return settings;

  const host =
    config.getOptionalString('runwayTemplates.publish.host') ??
    DEFAULT_HOSTS[provider];
  if (!integrationHosts[provider].includes(host)) {
    throw new Error(
      `runwayTemplates.publish.host: "${host}" has no integrations.${provider} entry (${
        NAMES[provider]
      } hosts: ${integrationHosts[provider].join(', ')})`,
    );
  }
  settings.host = host;
  const owner = config
    .getOptionalString('runwayTemplates.publish.owner')
    ?.trim();
  if (owner) {
    const problem = checkRepositoryOwner(
      provider,
      owner,
      'runwayTemplates.publish.owner',
    );
    if (problem) throw new Error(problem);
    settings.owner = owner;
  }
  return settings;
}

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
