import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  CreatedTemplateGlobal,
  scaffolderTemplatingExtensionPoint,
} from '@backstage/plugin-scaffolder-node/alpha';
import { createScaffolderModuleRunway } from './module';

/** The actions registry of the last backend started. */
let registry = actionsRegistryServiceMock();

/** The template globals the last backends registered. */
let globals: CreatedTemplateGlobal[] = [];

/** The required platform keys, under any `runwayTemplates` a test gives. */
const PLATFORM = {
  aws: { accountId: '123456789012', region: 'eu-central-1' },
  domain: 'svc.acme.test',
  environments: {
    staging: { cluster: 'eks-stg-a' },
    production: { cluster: 'eks-prd-b' },
  },
};

/**
 * Starts the module alone with `config` (and the catalog's `entities`, the
 * permissions service's one `result`); returns the registered actions.
 */
async function startWith(
  config: Record<string, any>,
  options: { entities?: Entity[]; permissions?: AuthorizeResult.DENY } = {},
) {
  const actions: TemplateAction<any, any, any>[] = [];
  globals = [];
  const backend = await startTestBackend({
    extensionPoints: [
      [
        scaffolderActionsExtensionPoint,
        {
          addActions: (...a: TemplateAction<any, any, any>[]) =>
            actions.push(...a),
        },
      ],
      [
        scaffolderTemplatingExtensionPoint,
        {
          addTemplateFilters: () => {},
          addTemplateGlobals: (g: CreatedTemplateGlobal[]) =>
            globals.push(...g),
        },
      ],
    ],
    features: [
      createScaffolderModuleRunway({ localRepositories: undefined }),
      catalogServiceMock.factory({ entities: options.entities }),
      ...(options.permissions
        ? [mockServices.permissions.factory({ result: options.permissions })]
        : []),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => (registry = actionsRegistryServiceMock()),
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          ...config,
          runwayTemplates: { ...PLATFORM, ...config.runwayTemplates },
        },
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

  it("gives create-service-dry-run the backend's permissions service, which it asks for the caller", async () => {
    const file = '/srv/runway/catalog/templates.yaml';
    await startWith(
      { catalog: { locations: [{ type: 'file', target: file }] } },
      {
        permissions: AuthorizeResult.DENY,
        entities: [
          {
            apiVersion: 'scaffolder.backstage.io/v1beta3',
            kind: 'Template',
            metadata: {
              name: 'microservice',
              namespace: 'default',
              annotations: {
                'backstage.io/managed-by-origin-location': `file:${file}`,
                'backstage.io/managed-by-location':
                  'file:/srv/runway/templates/microservice/template.yaml',
              },
            },
            spec: { steps: [] },
          },
        ],
      },
    );
    await expect(
      registry.invoke({
        id: 'test:create-service-dry-run',
        input: { values: {} },
        credentials: mockCredentials.user('user:default/carol.finance'),
      }),
    ).rejects.toThrow(
      'Not allowed: scaffolder.task.create, scaffolder.template.parameter.read, scaffolder.template.step.read: you may not create a service from template:default/microservice',
    );
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

  it('gives templates the platform config as the global runwayPlatform', async () => {
    await startWith({});
    expect(globals).toEqual([
      expect.objectContaining({ id: 'runwayPlatform', value: PLATFORM }),
    ]);
  });

  it('fails start-up without the cluster of an environment, naming the key', async () => {
    await expect(
      startWith({
        runwayTemplates: {
          environments: { staging: { cluster: 'eks-stg-a' } },
        },
      }),
    ).rejects.toThrow(
      /runwayTemplates\.environments\.production\.cluster is required/,
    );
  });
});
