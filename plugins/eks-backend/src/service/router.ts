import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { EksService } from './EksService';
import { EntityResolver } from './EntityResolver';
import { createEksReads, EksReads } from './reads';

/**
 * HTTP only: credentials, then one read that checks the caller's
 * permissions and validates the input (the same reads the actions make),
 * then JSON. Every route checks permissions, cached answers included.
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
  return routerOver(createEksReads(options), options.httpAuth);
}

/** The routes over reads shared with the actions. */
export function routerOver(
  reads: EksReads,
  httpAuth: HttpAuthService,
): express.Router {
  const router = Router();
  router.use(express.json());
  const caller = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/clusters', async (req, res) => {
    res.json(await reads.clusters(await caller(req)));
  });

  router.get('/clusters/:name', async (req, res) => {
    res.json(await reads.cluster(await caller(req), req.params.name));
  });

  router.get('/workloads', async (req, res) => {
    res.json(await reads.workloads(await caller(req), req.query.entity));
  });

  router.get('/logs', async (req, res) => {
    const { entity, cluster, namespace, pod, container } = req.query;
    res.json(
      await reads.logs(await caller(req), {
        entity,
        cluster,
        namespace,
        pod,
        container,
      }),
    );
  });

  return router;
}
