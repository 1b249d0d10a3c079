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
 * `runwayTemplates.cloudformation`, as read at start-up.
 *
 * @public
 */
export type CloudFormationSettings = {
  /** Whether `aws:cloudformation:deploy` talks to AWS (`enabled`, default false). */
  enabled: boolean;
  /** The CloudFormation service role change sets run with (`roleArn`); set when enabled. */
  roleArn?: string;
  /** Whether templates may acknowledge IAM capabilities (`allowIamCapabilities`, default false). */
  allowIamCapabilities: boolean;
};

/** An IAM role ARN, in any partition. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/**
 * Reads `runwayTemplates.cloudformation`. Throws, naming the key, when it is
 * enabled without a `roleArn`, or the `roleArn` is not an IAM role ARN.
 */
export function cloudFormationSettingsFromConfig(
  config: Config,
): CloudFormationSettings {
  const key = 'runwayTemplates.cloudformation';
  const enabled = config.getOptionalBoolean(`${key}.enabled`) ?? false;
  const roleArn = config.getOptionalString(`${key}.roleArn`)?.trim();
  const allowIamCapabilities =
    config.getOptionalBoolean(`${key}.allowIamCapabilities`) ?? false;
  if (roleArn && !ROLE_ARN.test(roleArn)) {
    throw new Error(
      `${key}.roleArn: "${roleArn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
    );
  }
  if (enabled && !roleArn) {
    throw new Error(
      `${key}.roleArn is required when ${key}.enabled is true: the CloudFormation service role that stacks are deployed with (Runway's own credentials are never used for that)`,
    );
  }
  return { enabled, roleArn: roleArn || undefined, allowIamCapabilities };
}

/**
 * The environments the golden path deploys to: its kustomize overlays, CI
 * stages and namespaces are named after them.
 *
 * @public
 */
export const PLATFORM_ENVIRONMENTS = ['staging', 'production'] as const;

/**
 * The AWS account, region, services' domain and EKS clusters the templates
 * render into what they generate (`runwayTemplates.aws`,
 * `runwayTemplates.domain`, `runwayTemplates.environments`), as read at
 * start-up. Templates read it as the template global `runwayPlatform`
 * (`${{ runwayPlatform.aws.region }}`).
 *
 * @public
 */
export type PlatformSettings = {
  aws: {
    /** The workloads account: ECR repositories, service roles, stacks. */
    accountId: string;
    /** The region of the stacks, the ECR registry and the clusters. */
    region: string;
  };
  /** Services are reachable at `<name>.<domain>` (staging: `<name>.staging.<domain>`). */
  domain: string;
  /** The EKS cluster of each environment (namespace = environment name). */
  environments: Record<
    (typeof PLATFORM_ENVIRONMENTS)[number],
    { cluster: string }
  >;
};

const ACCOUNT_ID = /^\d{12}$/;
/** A region name such as eu-west-1, us-gov-west-1 or ap-southeast-4. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** Lower-case DNS labels, at least two. */
const DOMAIN =
  /^(?=.{4,200}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
/** An EKS cluster name (CreateCluster's pattern). */
const CLUSTER = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

/**
 * Reads `runwayTemplates.aws`, `runwayTemplates.domain` and
 * `runwayTemplates.environments`. All are required: a missing or malformed
 * value throws, naming the key.
 */
export function platformSettingsFromConfig(config: Config): PlatformSettings {
  const key = 'runwayTemplates';
  const read = (
    name: string,
    pattern: RegExp,
    what: string,
    example: string,
  ): string => {
    const value: unknown = config.getOptional(`${key}.${name}`);
    if (value === undefined || value === null || value === '') {
      throw new Error(
        `${key}.${name} is required: ${what} (for example ${example}), rendered into every service the templates create`,
      );
    }
    if (typeof value !== 'string') {
      throw new Error(
        `${key}.${name} must be a string: ${what} (for example ${example}; quote numbers in YAML), got ${JSON.stringify(
          value,
        )}`,
      );
    }
    if (!pattern.test(value.trim())) {
      throw new Error(
        `${key}.${name}: "${value}" is not ${what} (for example ${example})`,
      );
    }
    return value.trim();
  };
  const accountId = read(
    'aws.accountId',
    ACCOUNT_ID,
    'an AWS account id of 12 digits',
    "'111122223333'",
  );
  const region = read('aws.region', REGION, 'an AWS region', 'eu-west-1');
  const domain = read(
    'domain',
    DOMAIN,
    'a lower-case DNS domain of two or more labels',
    'services.example.com',
  );
  const configured =
    config.getOptionalConfig(`${key}.environments`)?.keys() ?? [];
  const unknown = configured.filter(
    e => !(PLATFORM_ENVIRONMENTS as readonly string[]).includes(e),
  );
  if (unknown.length) {
    throw new Error(
      `${key}.environments.${
        unknown[0]
      }: unknown environment (the golden path deploys to ${PLATFORM_ENVIRONMENTS.join(
        ' and ',
      )} only)`,
    );
  }
  const environments = {} as PlatformSettings['environments'];
  for (const env of PLATFORM_ENVIRONMENTS) {
    environments[env] = {
      cluster: read(
        `environments.${env}.cluster`,
        CLUSTER,
        `the name of the ${env} EKS cluster`,
        `eks-${env}-euw1`,
      ),
    };
  }
  return { aws: { accountId, region }, domain, environments };
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
  /** How `aws:cloudformation:deploy` deploys (`runwayTemplates.cloudformation`). */
  cloudformation: CloudFormationSettings;
  /** `app.baseUrl`, for links in generated alert rules. */
  appBaseUrl: string;
  /**
   * Account, region, domain and clusters (`runwayTemplates.aws`,
   * `runwayTemplates.domain`, `runwayTemplates.environments`).
   */
  platform: PlatformSettings;
};

/**
 * Reads and checks the module's config. Throws, naming the key, on a bad
 * `runwayTemplates.publish` (see {@link publishSettingsFromConfig}),
 * `runwayTemplates.cloudformation` (see {@link cloudFormationSettingsFromConfig}),
 * or a missing or malformed `runwayTemplates.aws`, `runwayTemplates.domain`
 * or `runwayTemplates.environments` (see {@link platformSettingsFromConfig}).
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
    cloudformation: cloudFormationSettingsFromConfig(config),
    appBaseUrl: config.getString('app.baseUrl'),
    platform: platformSettingsFromConfig(config),
  };
}
