import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readRunwayTemplatesConfig } from './config';

const base = { app: { baseUrl: 'https://runway.example.com' } };

/** The required platform keys (runwayTemplates.aws, domain, environments). */
const PLATFORM = {
  aws: { accountId: '111122223333', region: 'eu-west-1' },
  domain: 'services.example.com',
  environments: {
    staging: { cluster: 'eks-staging-euw1' },
    production: { cluster: 'eks-production-euw1' },
  },
};

/** The config with the platform keys under the given `runwayTemplates`. */
function reader(data: { runwayTemplates?: object; [key: string]: unknown }) {
  return new ConfigReader({
    ...data,
    runwayTemplates: { ...PLATFORM, ...data.runwayTemplates },
  });
}

describe('readRunwayTemplatesConfig', () => {
  it('defaults to local publishing into .runway/repos, CloudFormation off', () => {
    const settings = readRunwayTemplatesConfig(reader(base));
    expect(settings).toEqual({
      publish: { provider: 'local', providerConfigured: false },
      integrationHosts: { github: ['github.com'], gitlab: ['gitlab.com'] },
      localDirectory: path.resolve('../../.runway/repos'),
      cloudformation: { enabled: false, allowIamCapabilities: false },
      appBaseUrl: 'https://runway.example.com',
      platform: PLATFORM,
    });
  });

  it('reads a GitLab publish target against its integration, with no local folder', () => {
    const settings = readRunwayTemplatesConfig(
      reader({
        ...base,
        integrations: { gitlab: [{ host: 'gitlab.acme.io' }] },
        runwayTemplates: {
          publish: {
            provider: 'gitlab',
            host: 'gitlab.acme.io',
            owner: 'payments/core',
            local: { directory: '/srv/repos' },
          },
          cloudformation: {
            enabled: true,
            roleArn: 'arn:aws:iam::111122223333:role/runway-cloudformation',
          },
        },
      }),
    );
    expect(settings.publish).toEqual({
      provider: 'gitlab',
      providerConfigured: true,
      host: 'gitlab.acme.io',
      owner: 'payments/core',
    });
    expect(settings.integrationHosts.gitlab).toEqual([
      'gitlab.com',
      'gitlab.acme.io',
    ]);
    expect(settings.localDirectory).toBeUndefined();
    expect(settings.cloudformation).toEqual({
      enabled: true,
      roleArn: 'arn:aws:iam::111122223333:role/runway-cloudformation',
      allowIamCapabilities: false,
    });
  });

  it('names the key of a bad provider, host or owner', () => {
    const read = (publish: object) => () =>
      readRunwayTemplatesConfig(
        reader({ ...base, runwayTemplates: { publish } }),
      );
    expect(read({ provider: 'bitbucket' })).toThrow(
      'runwayTemplates.publish.provider must be local, github or gitlab (got "bitbucket")',
    );
    expect(read({ provider: 'github', host: 'ghe.acme.io' })).toThrow(
      /^runwayTemplates\.publish\.host: "ghe\.acme\.io" has no integrations\.github entry/,
    );
    expect(read({ provider: 'github', owner: 'not/valid' })).toThrow(
      /^runwayTemplates\.publish\.owner: "not\/valid" is not a GitHub organisation/,
    );
  });

  it('requires a CloudFormation service role when CloudFormation is enabled, naming the key', () => {
    const read = (cloudformation: object) => () =>
      readRunwayTemplatesConfig(
        reader({ ...base, runwayTemplates: { cloudformation } }),
      );
    expect(read({ enabled: true })).toThrow(
      /^runwayTemplates\.cloudformation\.roleArn is required when runwayTemplates\.cloudformation\.enabled is true/,
    );
    expect(read({ enabled: true, roleArn: 'runway-cloudformation' })).toThrow(
      'runwayTemplates.cloudformation.roleArn: "runway-cloudformation" is not an IAM role ARN',
    );
    expect(
      read({
        enabled: true,
        roleArn: 'arn:aws-us-gov:iam::111122223333:role/cfn/runway',
        allowIamCapabilities: true,
      })().cloudformation,
    ).toEqual({
      enabled: true,
      roleArn: 'arn:aws-us-gov:iam::111122223333:role/cfn/runway',
      allowIamCapabilities: true,
    });
    // disabled (development): nothing new is needed
    expect(read({ enabled: false })().cloudformation.enabled).toBe(false);
  });

  it('reads the account, region, domain and the cluster of each environment', () => {
    const settings = readRunwayTemplatesConfig(
      reader({
        ...base,
        runwayTemplates: {
          aws: { accountId: '123456789012', region: 'us-gov-west-1' },
          domain: 'svc.acme.io',
          environments: {
            staging: { cluster: 'stg_A-1' },
            production: { cluster: 'prd' },
          },
        },
      }),
    );
    expect(settings.platform).toEqual({
      aws: { accountId: '123456789012', region: 'us-gov-west-1' },
      domain: 'svc.acme.io',
      environments: {
        staging: { cluster: 'stg_A-1' },
        production: { cluster: 'prd' },
      },
    });
  });

  it.each([
    ['aws', 'aws.accountId'],
    ['aws', 'aws.region'],
    ['domain', 'domain'],
    ['environments', 'environments.staging.cluster'],
    ['environments', 'environments.production.cluster'],
  ])('refuses a missing runwayTemplates.%s key, naming %s', (_, key) => {
    const data: any = structuredClone(PLATFORM);
    const parts = key.split('.');
    const last = parts.pop()!;
    delete parts.reduce((o, p) => o[p], data)[last];
    expect(() =>
      readRunwayTemplatesConfig(
        new ConfigReader({ ...base, runwayTemplates: data }),
      ),
    ).toThrow(
      new RegExp(`^runwayTemplates\\.${key.replace(/\./g, '\\.')} is required`),
    );
  });

  it('refuses malformed platform keys, naming them', () => {
    const read = (runwayTemplates: object) => () =>
      readRunwayTemplatesConfig(reader({ ...base, runwayTemplates }));
    expect(
      read({ aws: { accountId: '1111-2222-3333', region: 'eu-west-1' } }),
    ).toThrow(
      'runwayTemplates.aws.accountId: "1111-2222-3333" is not an AWS account id of 12 digits',
    );
    // an unquoted YAML number loses leading zeros: refused, not truncated
    expect(read({ aws: { accountId: 0, region: 'eu-west-1' } })).toThrow(
      /^runwayTemplates\.aws\.accountId must be a string: .*quote numbers in YAML/,
    );
    expect(
      read({ aws: { accountId: '111122223333', region: 'Ireland' } }),
    ).toThrow('runwayTemplates.aws.region: "Ireland" is not an AWS region');
    expect(read({ domain: 'https://svc.acme.io' })).toThrow(
      'runwayTemplates.domain: "https://svc.acme.io" is not a lower-case DNS domain',
    );
    expect(
      read({
        environments: {
          ...PLATFORM.environments,
          staging: { cluster: 'eks staging' },
        },
      }),
    ).toThrow(
      'runwayTemplates.environments.staging.cluster: "eks staging" is not the name of the staging EKS cluster',
    );
    expect(
      read({
        environments: { ...PLATFORM.environments, qa: { cluster: 'eks-qa' } },
      }),
    ).toThrow(
      'runwayTemplates.environments.qa: unknown environment (the golden path deploys to staging and production only)',
    );
  });

  it('requires app.baseUrl', () => {
    expect(() => readRunwayTemplatesConfig(new ConfigReader({}))).toThrow(
      /app\.baseUrl/,
    );
  });
});
