import path from 'node:path';
import { Config } from '@backstage/config';
import { checkRepositoryOwner } from './actions/inputChecks';

/**
 * The hosts of the configured GitHub and GitLab integrations
 * (`integrations.github[].host`, `integrations.gitlab[].host`); github.com
 * and gitlab.com are always known, as in Backstage's ScmIntegrations.
 */
export type IntegrationHosts = { github: string[]; gitlab: string[] };

/** Reads the integration hosts from the root config. */
export function integrationHostsFromConfig(config: {
  getOptionalConfigArray(
    key: string,
  ): { getString(key: string): string }[] | undefined;
}): IntegrationHosts {
  const hosts = (key: string) =>
    (config.getOptionalConfigArray(`integrations.${key}`) ?? []).map(c =>
      c.getString('host'),
    );
  return {
    github: [...new Set(['github.com', ...hosts('github')])],
    gitlab: [...new Set(['gitlab.com', ...hosts('gitlab')])],
  };
}

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
 * Everything Runway's scaffolder module reads from config, once, at
 * start-up.
 *
 * @public
 */
export type RunwayTemplatesConfig = {
  /** Where templates publish new repositories (`runwayTemplates.publish`). */
  publish: PublishSettings;
  /** Hosts of the configured GitHub and GitLab integrations. */
  integrationHosts: IntegrationHosts;
  /**
   * The folder of the local bare repositories (`runwayTemplates.publish.local.directory`,
   * relative to the backend's working folder; `.runway/repos` at the repository
   * root by default), when the provider is `local`.
   */
  localDirectory?: string;
  /** Whether `aws:cloudformation:deploy` deploys (`runwayTemplates.cloudformation.enabled`, false by default). */
  cloudformationEnabled: boolean;
  /** `app.baseUrl`, for links in generated alert rules. */
  appBaseUrl: string;
};

/**
 * Reads and checks the module's config. Throws, naming the key, on a bad
 * `runwayTemplates.publish` (see {@link publishSettingsFromConfig}).
 *
 * @public
 */
export function readRunwayTemplatesConfig(
  config: Config,
): RunwayTemplatesConfig {
  const integrationHosts = integrationHostsFromConfig(config);
  const publish = publishSettingsFromConfig(config, integrationHosts);
  return {
    publish,
    integrationHosts,
    localDirectory:
      publish.provider === 'local'
        ? path.resolve(
            config.getOptionalString(
              'runwayTemplates.publish.local.directory',
            ) ?? '../../.runway/repos',
          )
        : undefined,
    cloudformationEnabled:
      config.getOptionalBoolean('runwayTemplates.cloudformation.enabled') ??
      false,
    appBaseUrl: config.getString('app.baseUrl'),
  };
}
