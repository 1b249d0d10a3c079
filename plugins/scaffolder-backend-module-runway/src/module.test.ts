import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createScaffolderModuleRunway } from './module';

/** The actions registry of the last backend started. */
let registry = actionsRegistryServiceMock();

/** Starts the module alone with `config`; returns the registered actions. */
async function startWith(config: Record<string, any>) {
  const actions: TemplateAction<any, any, any>[] = [];
  const backend = await startTestBackend({
    extensionPoints: [
      [
        scaffolderActionsExtensionPoint,
        {
          addActions: (...a: TemplateAction<any, any, any>[]) =>
            actions.push(...a),
        },
      ],
    ],
    features: [
      createScaffolderModuleRunway({ localRepositories: undefined }),
      catalogServiceMock.factory(),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => (registry = actionsRegistryServiceMock()),
      }),
      mockServices.rootConfig.factory({
        data: { app: { baseUrl: 'http://localhost:3000' }, ...config },
      }),
    ],
  });
  await backend.stop();
  return actions.map(a => a.id);
}

describe('scaffolder module runway', () => {
  it('registers runway:publish:target beside the other actions, for GitHub and GitLab', async () => {
    for (const provider of ['github', 'gitlab']) {
      const ids = await startWith({
        runwayTemplates: { publish: { provider, owner: 'acme' } },
      });
      expect(ids).toEqual(
        expect.arrayContaining([
          'runway:template:validate',
          'runway:publish:target',
          'runway:docs:checkout',
        ]),
      );
      expect(ids).not.toContain('runway:publish:local');
    }
  });

  it('registers create-service-dry-run in the actions registry (MCP), read-only', async () => {
    await startWith({});
    const { actions } = await registry.list();
    expect(actions.map(a => [a.name, a.attributes.readOnly])).toContainEqual([
      'create-service-dry-run',
      true,
    ]);
  });

  it('fails start-up on an unknown provider, naming the key', async () => {
    await expect(
      startWith({ runwayTemplates: { publish: { provider: 'bitbucket' } } }),
    ).rejects.toThrow(
      'runwayTemplates.publish.provider must be local, github or gitlab (got "bitbucket")',
    );
  });

  it('fails start-up on a publish host without a matching integration, naming the key', async () => {
    await expect(
      startWith({
        runwayTemplates: {
          publish: { provider: 'gitlab', host: 'git.acme.test' },
        },
        integrations: { github: [{ host: 'git.acme.test' }] },
      }),
    ).rejects.toThrow(
      'runwayTemplates.publish.host: "git.acme.test" has no integrations.gitlab entry (GitLab hosts: gitlab.com)',
    );
  });

  it('fails start-up when CloudFormation is enabled without a service role, naming the key', async () => {
    await expect(
      startWith({ runwayTemplates: { cloudformation: { enabled: true } } }),
    ).rejects.toThrow(
      /runwayTemplates\.cloudformation\.roleArn is required when runwayTemplates\.cloudformation\.enabled is true/,
    );
  });
});
