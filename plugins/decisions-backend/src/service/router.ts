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

/**
 * HTTP routes of the Decisions backend. Everything is served from the stored
 * index (empty, without `refreshedAt`, before its first build); each caller
 * sees only the entities the catalog lets them read (the index is built with
 * the plugin's own credentials, so it is filtered per request).
 */
export async function createRouter(options: {
  index: DecisionsIndex;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  runbookMaxAgeDays: number;
}): Promise<express.Router> {
  const { index, catalog, httpAuth, runbookMaxAgeDays } = options;
  const router = Router();
  router.use(express.json());

  /** The subset of `refs` the caller may read in the catalog. */
  async function visible(
    req: express.Request,
    refs: string[],
  ): Promise<Set<string>> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return new Set();
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: unique,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    return new Set(items.filter(Boolean).map(e => stringifyEntityRef(e!)));
  }

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
    const snapshot = await index.get();
    const candidates = snapshot.adrs.filter(
      a => !entityRef || a.entityRef === entityRef,
    );
    const allowed = await visible(
      req,
      entityRef ? [entityRef] : candidates.map(a => a.entityRef),
    );
    const body: AdrListResponse = {
      items: candidates.filter(a => allowed.has(a.entityRef)),
      errors: snapshot.errors.filter(
        e =>
          allowed.has(e.entityRef) && (!entityRef || e.entityRef === entityRef),
      ),
      refreshedAt: snapshot.refreshedAt,
    };
    res.json(body);
  });

  router.get('/health', async (req, res) => {
    const snapshot = await index.get();
    const allowed = await visible(
      req,
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
