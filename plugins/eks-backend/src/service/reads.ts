import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ClusterResponse,
  ClustersResponse,
  eksClusterReadPermission,
  eksLogsReadPermission,
  eksRestrictedNamespaceReadPermission,
  eksWorkloadReadPermission,
  LogsResponse,
  WorkloadsResponse,
} from '@runway/plugin-eks-common';
import { EksService } from './EksService';
import { EntityResolver } from './EntityResolver';

const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * An entity ref as the caller gave it, normalised: the kind is required,
 * the namespace defaults to `default`. 400 when missing or malformed.
 */
export function entityParam(value: unknown): string {
  if (typeof value !== 'string' || !value) {
    throw new InputError(
      'Query parameter entity is required, e.g. component:default/payments-api',
    );
  }
  try {
    return stringifyEntityRef(parseEntityRef(value));
  } catch (e) {
    throw new InputError(
      `Invalid entity ref '${value}': ${(e as Error).message}`,
    );
  }
}

function nameParam(
  value: unknown,
  what: string,
  optional = false,
): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new InputError(`Query parameter ${what} must be a Kubernetes name`);
  }
  return value;
}

/** What every read needs: the service, the permission framework, the catalog. */
export type EksReadsOptions = {
  service: EksService;
  permissions: PermissionsService;
  resolveEntity: EntityResolver;
  /** `eks.restrictedNamespaces`: hidden from callers without eks.restricted-namespace.read */
  restrictedNamespaces?: string[];
};

/**
 * The EKS backend's answers for one caller, each with its checks, in the
 * order the routes have always made them: input, permission, the entity
 * resolved through the catalog with the caller's credentials (kubernetes-id
 * claims included), restricted namespaces. The HTTP routes and the actions
 * both call these, so what a caller may read cannot differ between them.
 * Arguments are taken as the caller gave them and validated here.
 */
export type EksReads = {
  /** GET /clusters: needs eks.cluster.read. */
  clusters(credentials: BackstageCredentials): Promise<ClustersResponse>;
  /** GET /clusters/:name: needs eks.cluster.read; 400 for a bad name. */
  cluster(
    credentials: BackstageCredentials,
    name: unknown,
  ): Promise<ClusterResponse>;
  /**
   * GET /workloads?entity=: needs eks.workload.read on the entity; objects
   * in restricted namespaces are hidden without
   * eks.restricted-namespace.read (403 when the entity pins one).
   */
  workloads(
    credentials: BackstageCredentials,
    entity: unknown,
  ): Promise<WorkloadsResponse>;
  /** GET /logs?...: needs eks.logs.read on the entity. */
  logs(
    credentials: BackstageCredentials,
    query: {
      entity: unknown;
      cluster: unknown;
      namespace: unknown;
      pod: unknown;
      container: unknown;
    },
  ): Promise<LogsResponse>;
};

/** {@link EksReads} over one service, permission framework and resolver. */
export function createEksReads(options: EksReadsOptions): EksReads {
  const { service, permissions, resolveEntity } = options;
  const restrictedNamespaces = options.restrictedNamespaces ?? [];

  async function requirePermission(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission<'catalog-entity'>,
    resourceRef?: string,
  ): Promise<void> {
    const [decision] =
      resourceRef && 'resourceType' in permission
        ? await permissions.authorize([{ permission, resourceRef }], {
            credentials,
          })
        : await permissions.authorize(
            [{ permission: permission as BasicPermission }],
            { credentials },
          );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  }

  /** The namespaces this caller may not read through an entity. */
  async function hiddenNamespaces(
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    if (restrictedNamespaces.length === 0) return [];
    const [decision] = await permissions.authorize(
      [{ permission: eksRestrictedNamespaceReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW
      ? []
      : restrictedNamespaces;
  }

  return {
    async clusters(credentials) {
      await requirePermission(credentials, eksClusterReadPermission);
      return service.listClusters();
    },

    async cluster(credentials, rawName) {
      await requirePermission(credentials, eksClusterReadPermission);
      const name = nameParam(rawName, 'name')!;
      return service.getCluster(name);
    },

    async workloads(credentials, entity) {
      const entityRef = entityParam(entity);
      await requirePermission(
        credentials,
        eksWorkloadReadPermission,
        entityRef,
      );
      const target = await resolveEntity(entityRef, credentials);
      const { health, errors, warnings } = await service.getWorkloads(
        target.id,
        {
          namespace: target.namespace,
          hiddenNamespaces: await hiddenNamespaces(credentials),
        },
      );
      const [logs] = await permissions.authorize(
        [{ permission: eksLogsReadPermission, resourceRef: entityRef }],
        { credentials },
      );
      return {
        entityRef,
        health,
        errors,
        warnings,
        canReadLogs: logs.result === AuthorizeResult.ALLOW,
        generatedAt: new Date().toISOString(),
      };
    },

    async logs(credentials, query) {
      const entityRef = entityParam(query.entity);
      await requirePermission(credentials, eksLogsReadPermission, entityRef);
      const cluster = nameParam(query.cluster, 'cluster')!;
      const namespace = nameParam(query.namespace, 'namespace')!;
      const pod = nameParam(query.pod, 'pod')!;
      const container = nameParam(query.container, 'container', true);
      const target = await resolveEntity(entityRef, credentials);
      return service.getLogs(
        target.id,
        { cluster, namespace, pod, container },
        { hiddenNamespaces: await hiddenNamespaces(credentials) },
      );
    },
  };
}
