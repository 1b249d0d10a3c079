import { AuthService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AdrListResponse,
  DocsHealthResponse,
  docsHealthByOwner,
} from '@runway/plugin-decisions-common';
import express from 'express';
import Router from 'express-promise-router';
import { DecisionsIndex } from './DecisionsIndex';
import { listAdrs, readableEntityRefs } from './queries';

/**
 * HTTP routes of the Decisions backend. Everything is served from the stored
 * index (empty, without `refreshedAt`, before its first build); each caller
 * sees only the entities the catalog lets them read (the index is built with
 * the plugin's own credentials, so it is filtered per request, by the
 * queries the plugin's actions answer with too).
 */
export async function createRouter(options: {
  index: DecisionsIndex;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  runbookMaxAgeDays: number;
}): Promise<express.Router> {
  const { index, catalog, httpAuth, auth, runbookMaxAgeDays } = options;
  const router = Router();
  router.use(express.json());

  const deps = { index, catalog, auth };
  const caller = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/adrs', async (req, res) => {
    const entity = req.query.entity;
    let entityRef: string | undefined;
    if (entity !== undefined) {
      if (typeof entity !== 'string') {
        throw new InputError(
          'entity must be one entity ref, e.g. component:default/checkout-api',
        );
      }
      try {
        entityRef = stringifyEntityRef(parseEntityRef(entity));
      } catch (e) {
        throw new InputError(`entity: ${(e as Error).message}`);
      }
    }
    const body: AdrListResponse = await listAdrs(
      deps,
      await caller(req),
      entityRef,
    );
    res.json(body);
  });

  router.get('/health', async (req, res) => {
    const snapshot = await index.get();
    const allowed = await readableEntityRefs(
      deps,
      await caller(req),
      snapshot.runbooks.map(r => r.entityRef),
    );
    const body: DocsHealthResponse = {
      maxAgeDays: runbookMaxAgeDays,
      owners: docsHealthByOwner(
        snapshot.runbooks.filter(r => allowed.has(r.entityRef)),
        { now: new Date(), maxAgeDays: runbookMaxAgeDays },
      ),
      refreshedAt: snapshot.refreshedAt,
    };
    res.json(body);
  });

  return router;
}
