import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readRunwayTemplatesConfig } from './config';

const base = { app: { baseUrl: 'https://runway.example.com' } };

describe('readRunwayTemplatesConfig', () => {
  it('defaults to local publishing into .runway/repos, CloudFormation off', () => {
    const settings = readRunwayTemplatesConfig(new ConfigReader(base));
    expect(settings).toEqual({
      publish: { provider: 'local', providerConfigured: false },
      integrationHosts: { github: ['github.com'], gitlab: ['gitlab.com'] },
      localDirectory: path.resolve('../../.runway/repos'),
      cloudformation: { enabled: false, allowIamCapabilities: false },
      appBaseUrl: 'https://runway.example.com',
    });
  });

  it('reads a GitLab publish target against its integration, with no local folder', () => {
    const settings = readRunwayTemplatesConfig(
      new ConfigReader({
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
        new ConfigReader({ ...base, runwayTemplates: { publish } }),
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
        new ConfigReader({ ...base, runwayTemplates: { cloudformation } }),
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

  it('requires app.baseUrl', () => {
    expect(() => readRunwayTemplatesConfig(new ConfigReader({}))).toThrow(
      /app\.baseUrl/,
    );
  });
});
