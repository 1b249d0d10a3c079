/*
 * The template upgrades actions in Backstage's actions registry (MCP tools
 * through the MCP actions backend once `template-upgrades` is listed in
 * `backend.actions.pluginSources`), checked exactly as the routes are
 * (service/access.ts).
 */
import { AuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  mayUpgrade,
  readableEntity,
  requireRead,
  requireUpgrade,
} from '../service/access';
import { TemplateUpgrades } from '../service/TemplateUpgrades';

type Deps = {
  actionsRegistry: ActionsRegistryService;
  upgrades: TemplateUpgrades;
  catalog: CatalogService;
  permissions: PermissionsService;
  auth: AuthService;
};

const ENTITY_DESCRIPTION =
  'The service: an entity ref such as component:default/orders-api (kind component and namespace default when omitted)';

function entityRefOf(input: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(input, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    throw new InputError(`entityRef: "${input}" is not an entity ref`);
  }
}

/** The status output both actions share. */
const statusSchema = (z: any) =>
  z
    .object({
      templateRef: z.string(),
      version: z.string().describe('The version the service was made with'),
      latestVersion: z
        .string()
        .optional()
        .describe("The template's newest archived version"),
      behind: z.boolean(),
      changedFiles: z
        .array(z.object({ path: z.string(), change: z.string() }))
        .optional()
        .describe(
          'Files the service changed since it was generated (once checked)',
        ),
      problem: z
        .string()
        .optional()
        .describe('Why Runway cannot compare or upgrade it'),
      upgrade: z
        .object({
          toVersion: z.string(),
          branch: z.string(),
          url: z.string().optional(),
          conflicts: z.array(
            z.object({ path: z.string(), reason: z.string() }),
          ),
        })
        .optional()
        .describe('The newest upgrade request opened for it'),
    })
    .optional();

export function registerTemplateUpgradesActions(deps: Deps): void {
  const { actionsRegistry, upgrades, auth } = deps;

  actionsRegistry.register({
    name: 'template-status',
    title: "A service's template version and drift",
    description:
      'Says which golden-path template and version a service was made from, whether a newer version exists, which files the service changed since it was generated, the newest upgrade pull request and whether the calling user may open one. Answers only services the caller may read in the catalog.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().max(300).describe(ENTITY_DESCRIPTION),
        }),
      output: z =>
        z.object({
          status: statusSchema(z).describe(
            'Absent when the service was not made from a template',
          ),
          canUpgrade: z
            .boolean()
            .describe('Whether the caller may open its upgrade'),
        }),
    },
    action: async ({ input, credentials }) => {
      await requireRead(deps, credentials);
      const entity = await readableEntity(
        deps,
        credentials,
        entityRefOf(input.entityRef),
      );
      const status = await upgrades.status(entity);
      const canUpgrade =
        !!status &&
        auth.isPrincipal(credentials, 'user') &&
        (await mayUpgrade(deps, credentials, stringifyEntityRef(entity)));
      return {
        output: {
          status: status && {
            templateRef: status.templateRef,
            version: status.version,
            latestVersion: status.latestVersion,
            behind: status.behind,
            changedFiles: status.drift?.changedFiles,
            problem: status.problem,
            upgrade: status.upgrade && {
              toVersion: status.upgrade.toVersion,
              branch: status.upgrade.branch,
              url: status.upgrade.url,
              conflicts: status.upgrade.conflicts,
            },
          },
          canUpgrade,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'upgrade-service',
    title: "Open a service's template upgrade",
    description:
      "Opens the pull request (GitHub), merge request (GitLab) or branch (development) that upgrades a service to its template's newest version: the template's change merged into the service's files, every conflict listed. Never pushes to the default branch. Calling it again answers the request already open for that version. Only ops and the service's owners may.",
    attributes: { readOnly: false, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().max(300).describe(ENTITY_DESCRIPTION),
        }),
      output: z =>
        z.object({
          created: z
            .boolean()
            .describe(
              'False when an open request for this version already existed',
            ),
          toVersion: z.string(),
          branch: z.string(),
          url: z
            .string()
            .optional()
            .describe('The pull or merge request (absent for a local branch)'),
          changedFiles: z.array(
            z.object({ path: z.string(), change: z.string() }),
          ),
          conflicts: z.array(
            z.object({ path: z.string(), reason: z.string() }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      if (!auth.isPrincipal(credentials, 'user')) {
        throw new NotAllowedError('Only a signed-in user may open an upgrade');
      }
      const entity = await readableEntity(
        deps,
        credentials,
        entityRefOf(input.entityRef),
      );
      await requireUpgrade(deps, credentials, entity);
      const { request, created } = await upgrades.upgrade(
        entity,
        credentials.principal.userEntityRef,
      );
      return {
        output: {
          created,
          toVersion: request.toVersion,
          branch: request.branch,
          url: request.url,
          changedFiles: request.changedFiles,
          conflicts: request.conflicts,
        },
      };
    },
  });
}
