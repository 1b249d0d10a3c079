import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { matchesTemplateActionForm } from '@runway/plugin-scaffolder-backend-module-runway';
import { findRule, hasExplicitRule } from './rules';
import {
  allowsAction,
  decide,
  makePolicy,
  users,
} from './__testUtils__/policyHarness';
import { catalogPermissions } from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  scaffolderPermissions,
  taskCancelPermission,
  taskReadPermission,
  templateDryRunPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { kubernetesPermissions } from '@backstage/plugin-kubernetes-common';
import { techdocsPermissions } from '@backstage/plugin-techdocs-common/alpha';
import { sloPermissions, sloReadPermission } from '@runway/plugin-slo-common';
import {
  eksClusterReadPermission,
  eksLogsReadPermission,
  eksPermissions,
  eksWorkloadReadPermission,
} from '@runway/plugin-eks-common';
import {
  awsCostEntityReadPermission,
  awsCostImportPermission,
  awsCostPermissions,
} from '@runway/plugin-aws-cost-common';

const costReportRead = createPermission({
  name: 'aws-cost.report.read',
  attributes: { action: 'read' },
});
const unknownUpdate = createPermission({
  name: 'someplugin.thing.update',
  attributes: { action: 'update' },
});
const unknownRead = createPermission({
  name: 'someplugin.thing.read',
  attributes: { action: 'read' },
});

describe('rule table', () => {
  it('names every permission of the installed catalog, scaffolder, kubernetes and techdocs plugins', () => {
    const installed = [
      ...catalogPermissions,
      ...scaffolderPermissions,
      ...kubernetesPermissions,
      ...techdocsPermissions,
    ].map(p => p.name);
    expect(installed.length).toBeGreaterThan(20);
    expect(installed.filter(name => !hasExplicitRule(name))).toEqual([]);
  });

  it('keeps template management and dry runs of inline templates to ops', () => {
    expect(findRule('scaffolder.template.management', undefined).allow).toEqual(
      ['ops'],
    );
    expect(findRule('scaffolder.template.dry-run', undefined).allow).toEqual([
      'ops',
    ]);
  });

  it('matches exact names before the longest prefix, then falls back by action', () => {
    expect(findRule('catalog.entity.delete', 'delete')).toEqual({
      allow: ['ops'],
      owner: true,
    });
    expect(findRule('catalog.ingestion.read', 'read').allow).toEqual(['ops']);
    expect(findRule('kubernetes.proxy', undefined).allow).toEqual(['ops']);
    expect(findRule('kubernetes.clusters.read', 'read').allow).toEqual([
      'developer',
      'ops',
    ]);
    expect(findRule('other.thing.read', 'read').allow).toBe('signed-in');
    expect(findRule('other.thing.create', 'create').allow).toEqual([
      'developer',
      'ops',
    ]);
    // no action: treated as a change, not a read
    expect(findRule('other.thing', undefined).allow).toEqual([
      'developer',
      'ops',
    ]);
  });
});

describe('RunwayPermissionPolicy', () => {
  it('lets every signed-in user read the catalog, with or without a role', async () => {
    for (const ref of Object.keys(users)) {
      expect(await decide(catalogEntityReadPermission, ref)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('denies requests without a user', async () => {
    expect(
      await makePolicy().handle({ permission: catalogEntityReadPermission }),
    ).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('lets developers and ops register entities, not managers or users without a role', async () => {
    for (const permission of [
      catalogEntityCreatePermission,
      catalogLocationCreatePermission,
    ]) {
      expect((await decide(permission, 'user:default/dev')).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await decide(permission, 'user:default/ops')).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await decide(permission, 'user:default/boss')).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await decide(permission, 'user:default/nobody')).result).toBe(
        AuthorizeResult.DENY,
      );
    }
  });

  it('lets ops delete any entity and others only entities they own', async () => {
    expect(
      await decide(catalogEntityDeletePermission, 'user:default/ops'),
    ).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(
      await decide(catalogEntityDeletePermission, 'user:default/dev'),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: users['user:default/dev'] },
      },
    });
    expect(
      (await decide(catalogLocationDeletePermission, 'user:default/dev'))
        .result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('keeps cost reports to managers and ops', async () => {
    expect((await decide(costReportRead, 'user:default/boss')).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await decide(costReportRead, 'user:default/ops')).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await decide(costReportRead, 'user:default/dev')).result).toBe(
      AuthorizeResult.DENY,
    );
    expect((await decide(costReportRead, 'user:default/nobody')).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it("names every aws-cost permission and lets owners read their own entities' costs", async () => {
    expect(
      awsCostPermissions.filter(p => !hasExplicitRule(p.name)).map(p => p.name),
    ).toEqual([]);
    expect(
      (await decide(awsCostEntityReadPermission, 'user:default/boss')).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      await decide(awsCostEntityReadPermission, 'user:default/dev'),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: users['user:default/dev'] },
      },
    });
    expect(
      (await decide(awsCostImportPermission, 'user:default/ops')).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (await decide(awsCostImportPermission, 'user:default/boss')).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('names every eks permission: clusters for ops and managers, workloads and logs for ops and owners', async () => {
    expect(eksPermissions.filter(p => !hasExplicitRule(p.name))).toEqual([]);
    const result = async (p: Parameters<typeof decide>[0], ref: string) =>
      (await decide(p, ref)).result;
    expect(await result(eksClusterReadPermission, 'user:default/ops')).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await result(eksClusterReadPermission, 'user:default/boss')).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await result(eksClusterReadPermission, 'user:default/dev')).toBe(
      AuthorizeResult.DENY,
    );
    expect(await result(eksClusterReadPermission, 'user:default/nobody')).toBe(
      AuthorizeResult.DENY,
    );
    for (const p of [eksWorkloadReadPermission, eksLogsReadPermission]) {
      expect(await result(p, 'user:default/ops')).toBe(AuthorizeResult.ALLOW);
      // developers: only the entities they own, evaluated by the catalog
      expect(await result(p, 'user:default/dev')).toBe(
        AuthorizeResult.CONDITIONAL,
      );
      const decision = await decide(p, 'user:default/dev');
      expect(decision).toMatchObject({
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          params: { claims: users['user:default/dev'] },
        },
      });
      expect(await result(p, 'user:default/boss')).toBe(
        AuthorizeResult.CONDITIONAL,
      );
    }
  });

  it('names slo.read and lets every signed-in user read SLOs', async () => {
    expect(sloPermissions.map(p => p.name)).toEqual(['slo.read']);
    expect(sloPermissions.filter(p => !hasExplicitRule(p.name))).toEqual([]);
    for (const ref of Object.keys(users)) {
      expect((await decide(sloReadPermission, ref)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });

  it('lets ops run any action, developers only the forms of the shipped templates, managers none', async () => {
    expect(await decide(actionExecutePermission, 'user:default/ops')).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(
      (await decide(actionExecutePermission, 'user:default/boss')).result,
    ).toBe(AuthorizeResult.DENY);
    const decision = await decide(actionExecutePermission, 'user:default/dev');
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-action',
    });
  });

  it("allows a developer's steps exactly in the forms of the shipped templates", async () => {
    const decision = await decide(actionExecutePermission, 'user:default/dev');
    const cases: [string, object, boolean][] = [
      // the golden path's steps (template.yaml and template.production.yaml)
      [
        'aws:cloudformation:deploy',
        {
          stackName: 'orders-api',
          region: 'eu-west-1',
          templateFile: 'infra/cloudformation.yaml',
          capabilities: ['CAPABILITY_NAMED_IAM'],
        },
        true,
      ],
      ['fetch:template', { url: './skeleton/go', values: {} }, true],
      [
        'publish:gitlab',
        {
          repoUrl: 'gitlab.com?owner=payments&repo=orders-api',
          defaultBranch: 'main',
          settings: { visibility: 'private' },
        },
        true,
      ],
      ['runway:slo:rules', { entity: 'orders-api' }, true],
      // anything else
      [
        'aws:cloudformation:deploy',
        {
          stackName: 'orders-api',
          region: 'eu-west-1',
          templateFile: 'evil.yaml',
        },
        false,
      ],
      [
        'fetch:plain',
        { url: 'https://github.com/acme/secrets', targetPath: './out' },
        false,
      ],
      ['fetch:template', { url: 'https://github.com/acme/secrets' }, false],
      [
        'publish:gitlab',
        { defaultBranch: 'main', settings: { visibility: 'public' } },
        false,
      ],
      ['notification:send', { recipients: 'broadcast' }, false],
      ['debug:log', { message: 'hi' }, false],
    ];
    const decided = cases.map(([action, input]) => [
      action,
      allowsAction(decision, action, input),
      matchesTemplateActionForm(action, input),
    ]);
    expect(decided).toEqual(
      cases.map(([action, , allowed]) => [action, allowed, allowed]),
    );
  });

  it('keeps dry runs of inline templates to ops', async () => {
    expect(
      (await decide(templateDryRunPermission, 'user:default/ops')).result,
    ).toBe(AuthorizeResult.ALLOW);
    for (const ref of [
      'user:default/dev',
      'user:default/boss',
      'user:default/nobody',
    ]) {
      expect((await decide(templateDryRunPermission, ref)).result).toBe(
        AuthorizeResult.DENY,
      );
    }
  });

  it('lets ops read and cancel every task, everyone else only their own', async () => {
    for (const permission of [taskReadPermission, taskCancelPermission]) {
      expect(await decide(permission, 'user:default/ops')).toEqual({
        result: AuthorizeResult.ALLOW,
      });
      for (const ref of [
        'user:default/dev',
        'user:default/boss',
        'user:default/nobody',
      ]) {
        expect(await decide(permission, ref)).toEqual({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'scaffolder',
          resourceType: 'scaffolder-task',
          conditions: {
            rule: 'IS_TASK_OWNER',
            resourceType: 'scaffolder-task',
            params: { createdBy: [ref] },
          },
        });
      }
    }
  });

  it('opens unlisted reads to everyone and unlisted writes to developers and ops', async () => {
    expect((await decide(unknownRead, 'user:default/nobody')).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await decide(unknownUpdate, 'user:default/nobody')).result).toBe(
      AuthorizeResult.DENY,
    );
    expect((await decide(unknownUpdate, 'user:default/dev')).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('follows configured bindings: a user bound directly gains the role', async () => {
    const config = {
      runway: { permissions: { roles: { manager: ['user:default/dev'] } } },
    };
    expect(
      (await decide(costReportRead, 'user:default/dev', config)).result,
    ).toBe(AuthorizeResult.ALLOW);
    // finance is no longer a manager group once the binding is replaced
    expect(
      (await decide(costReportRead, 'user:default/boss', config)).result,
    ).toBe(AuthorizeResult.DENY);
  });
});
