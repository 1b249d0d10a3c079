import {
  HttpAuthService,
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
  eksClusterReadPermission,
  eksLogsReadPermission,
  eksRestrictedNamespaceReadPermission,
  eksWorkloadReadPermission,
  WorkloadsResponse,
} from '@runway/plugin-eks-common';
import express from 'express';
import Router from 'express-promise-router';
import { EksService } from './EksService';
import { EntityResolver } from './EntityResolver';

const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function entityParam(value: unknown): string {
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

/**
 * HTTP only: credentials, permission check, validated input, one service
 * call, JSON. Every route checks permissions, cached answers included.
 *
 * @public
 */
export async function createRouter(options: {
  service: EksService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  resolveEntity: EntityResolver;
  /** `eks.restrictedNamespaces`: hidden from callers without eks.restricted-namespace.read */
  restrictedNamespaces?: string[];
}): Promise<express.Router> {
  const { service, httpAuth, permissions, resolveEntity } = options;
  const restrictedNamespaces = options.restrictedNamespaces ?? [];
  const router = Router();
  router.use(express.json());

  async function require(
    req: express.Request,
    permission: BasicPermission | ResourcePermission<'catalog-entity'>,
    resourceRef?: string,
  ) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
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
    return credentials;
  }

  /** The namespaces this caller may not read through an entity. */
  async function hiddenNamespaces(
    credentials: Awaited<ReturnType<typeof require>>,
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

  router.get('/clusters', async (req, res) => {
    await require(req, eksClusterReadPermission);
    res.json(await service.listClusters());
  });

  router.get('/clusters/:name', async (req, res) => {
    await require(req, eksClusterReadPermission);
    const name = nameParam(req.params.name, 'name')!;
    res.json(await service.getCluster(name));
  });

  router.get('/workloads', async (req, res) => {
    const entityRef = entityParam(req.query.entity);
    const credentials =
      await require(req, eksWorkloadReadPermission, entityRef);
    const target = await resolveEntity(entityRef, credentials);
    const { health, errors } = await service.getWorkloads(target.id, {
      namespace: target.namespace,
      hiddenNamespaces: await hiddenNamespaces(credentials),
    });
    const [logs] = await permissions.authorize(
      [{ permission: eksLogsReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    const body: WorkloadsResponse = {
      entityRef,
      health,
      errors,
      canReadLogs: logs.result === AuthorizeResult.ALLOW,
      generatedAt: new Date().toISOString(),
    };
    res.json(body);
  });

  router.get('/logs', async (req, res) => {
    const entityRef = entityParam(req.query.entity);
    const credentials = await require(req, eksLogsReadPermission, entityRef);
    const cluster = nameParam(req.query.cluster, 'cluster')!;
    const namespace = nameParam(req.query.namespace, 'namespace')!;
    const pod = nameParam(req.query.pod, 'pod')!;
    const container = nameParam(req.query.container, 'container', true);
    const target = await resolveEntity(entityRef, credentials);
    res.json(
      await service.getLogs(
        target.id,
        { cluster, namespace, pod, container },
        { hiddenNamespaces: await hiddenNamespaces(credentials) },
      ),
    );
  });

  return router;
}
