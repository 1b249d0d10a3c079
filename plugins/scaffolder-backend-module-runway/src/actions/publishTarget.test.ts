import { ConfigReader } from '@backstage/config';

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;
import {
  integrationHostsFromConfig,
  publishSettingsFromConfig,
} from '../config';
import { checkRepositoryOwner } from './inputChecks';
import { createPublishTargetAction } from './publishTarget';
import { examples } from './publishTarget.examples';
import { exampleSteps, mockContext } from './__testUtils__/context';

function settingsOf(data: JsonObject) {
  const config = new ConfigReader(data);
  return publishSettingsFromConfig(config, integrationHostsFromConfig(config));
}

async function run(
  publish: JsonObject,
  input: { name: string; owner?: string },
  integrations: JsonObject = {},
) {
  const action = createPublishTargetAction({
    settings: settingsOf({ runwayTemplates: { publish }, integrations }),
  });
  const { ctx, outputs } = mockContext(input);
  await action.handler(ctx);
  return outputs;
}

describe('runway:publish:target', () => {
  it('runs its examples against a GitHub configuration', async () => {
    for (const step of exampleSteps(examples)) {
      const outputs = await run(
        { provider: 'github', owner: 'acme-services' },
        step.input,
      );
      expect(outputs).toEqual({
        provider: 'github',
        host: 'github.com',
        owner: 'acme-services',
        repo: 'orders-api',
        repoUrl: 'github.com?owner=acme-services&repo=orders-api',
        slug: 'acme-services/orders-api',
      });
    }
  });

  it('publishes to GitLab with a group path, on the configured host', async () => {
    expect(
      await run(
        { provider: 'gitlab', host: 'gitlab.acme.test' },
        { name: 'billing-api', owner: 'payments/core' },
        { gitlab: [{ host: 'gitlab.acme.test', token: 't' }] },
      ),
    ).toEqual({
      provider: 'gitlab',
      host: 'gitlab.acme.test',
      owner: 'payments/core',
      repo: 'billing-api',
      repoUrl: 'gitlab.acme.test?owner=payments%2Fcore&repo=billing-api',
      slug: 'payments/core/billing-api',
    });
  });

  it("the form's owner wins over runwayTemplates.publish.owner; an empty one falls back to it", async () => {
    const publish = { provider: 'github', owner: 'acme' };
    expect(
      (await run(publish, { name: 'orders-api', owner: 'team-x' })).owner,
    ).toBe('team-x');
    expect((await run(publish, { name: 'orders-api', owner: ' ' })).owner).toBe(
      'acme',
    );
  });

  it('refuses to run when the provider is not set, naming the key', async () => {
    await expect(
      run({}, { name: 'orders-api', owner: 'acme' }),
    ).rejects.toThrow(
      'runwayTemplates.publish.provider is not set (local): this template publishes to GitHub or GitLab. Set runwayTemplates.publish.provider to github or gitlab',
    );
    await expect(
      run({ provider: 'local' }, { name: 'orders-api', owner: 'acme' }),
    ).rejects.toThrow('runwayTemplates.publish.provider is "local"');
  });

  it('refuses a missing owner, naming the field and the config key', async () => {
    await expect(
      run({ provider: 'gitlab' }, { name: 'orders-api' }),
    ).rejects.toThrow(
      'owner: no repository owner given, and runwayTemplates.publish.owner is not set (the GitLab group of new repositories)',
    );
  });

  it.each([
    ['github', 'acme/core', /owner: "acme\/core" is not a GitHub organisation/],
    ['github', '-acme', /is not a GitHub organisation/],
    ['github', 'a'.repeat(40), /is not a GitHub organisation/],
    ['gitlab', 'acme/../x', /owner: "acme\/..\/x" is not a GitLab group path/],
    ['gitlab', '/acme', /is not a GitLab group path/],
    ['gitlab', 'acme/core.git', /is not a GitLab group path/],
  ])('%s refuses the owner %s', async (provider, owner, message) => {
    await expect(
      run({ provider }, { name: 'orders-api', owner }),
    ).rejects.toThrow(message);
  });

  it('refuses a repository name that is not a service name', async () => {
    await expect(
      run({ provider: 'github' }, { name: 'Orders', owner: 'acme' }),
    ).rejects.toThrow(/name: must be lower-case/);
  });
});

describe('publishSettingsFromConfig', () => {
  it('defaults to local, and to github.com / gitlab.com', () => {
    expect(settingsOf({})).toEqual({
      provider: 'local',
      providerConfigured: false,
    });
    expect(
      settingsOf({ runwayTemplates: { publish: { provider: 'gitlab' } } }),
    ).toEqual({
      provider: 'gitlab',
      providerConfigured: true,
      host: 'gitlab.com',
    });
  });

  it('fails start-up on an unknown provider, naming the key', () => {
    expect(() =>
      settingsOf({ runwayTemplates: { publish: { provider: 'bitbucket' } } }),
    ).toThrow(
      'runwayTemplates.publish.provider must be local, github or gitlab (got "bitbucket")',
    );
  });

  it('fails start-up on a host without an integration of the provider', () => {
    expect(() =>
      settingsOf({
        runwayTemplates: {
          publish: { provider: 'github', host: 'gitlab.acme.test' },
        },
        integrations: { gitlab: [{ host: 'gitlab.acme.test' }] },
      }),
    ).toThrow(
      'runwayTemplates.publish.host: "gitlab.acme.test" has no integrations.github entry (GitHub hosts: github.com)',
    );
  });

  it('fails start-up on a configured owner the provider would refuse', () => {
    expect(() =>
      settingsOf({
        runwayTemplates: { publish: { provider: 'github', owner: 'a/b' } },
      }),
    ).toThrow(
      'runwayTemplates.publish.owner: "a/b" is not a GitHub organisation',
    );
  });
});

describe('checkRepositoryOwner', () => {
  it.each([
    ['github', 'acme'],
    ['github', 'acme-services-2'],
    ['gitlab', 'payments'],
    ['gitlab', 'payments/core'],
    ['gitlab', 'my_group/sub.group/team-a'],
  ] as const)('%s accepts %s', (provider, owner) => {
    expect(checkRepositoryOwner(provider, owner)).toBeUndefined();
  });
});
