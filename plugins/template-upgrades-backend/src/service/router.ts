import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityTemplateResponse,
  FleetResponse,
  UpgradeResponse,
} from '@runway/plugin-template-upgrades-common';
import express from 'express';
import Router from 'express-promise-router';
import { TemplateUpgrades } from './TemplateUpgrades';
import {
  mayUpgrade,
  readableEntity,
  requireRead,
  requireUpgrade,
} from './access';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * HTTP routes of the template upgrades backend. Every route checks the
 * caller's permissions: the fleet and a service's status need
 * `template-upgrades.read` and show only entities the caller may read in
 * the catalog; an upgrade needs `template-upgrades.upgrade.create` on the
 * service's entity (ops, and its owners).
 */
export async function createRouter(options: {
  upgrades: TemplateUpgrades;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  sweepEnabled: boolean;
}): Promise<express.Router> {
  const { upgrades, catalog, httpAuth, auth, permissions } = options;
  const router = Router();
  router.use(express.json());

  const deps = { catalog, permissions };
  /** The entity of the path, as the caller may read it. */
  const entityOf = async (
    req: express.Request,
    credentials: BackstageCredentials,
  ) => {
    const { kind, namespace, name } = req.params;
    for (const [field, value] of Object.entries({ kind, namespace, name })) {
      if (!NAME.test(value)) {
        throw new InputError(`${field}: "${value}" is not an entity ${field}`);
      }
    }
    return readableEntity(
      deps,
      credentials,
      stringifyEntityRef({ kind, namespace, name }),
    );
  };

  router.get('/fleet', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requireRead(deps, credentials);
    const body: FleetResponse = {
      templates: await upgrades.fleet(credentials),
      sweepEnabled: options.sweepEnabled,
    };
    res.json(body);
  });

  router.get('/entity/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requireRead(deps, credentials);
    const entity = await entityOf(req, credentials);
    const status = await upgrades.status(entity);
    const body: EntityTemplateResponse = {
      status,
      canUpgrade:
        !!status &&
        auth.isPrincipal(credentials, 'user') &&
        (await mayUpgrade(deps, credentials, stringifyEntityRef(entity))),
    };
    res.json(body);
  });

  router.post('/entity/:kind/:namespace/:name/upgrade', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = await entityOf(req, credentials);
    await requireUpgrade(deps, credentials, entity);
    const result = await upgrades.upgrade(
      entity,
      credentials.principal.userEntityRef,
    );
    const body: UpgradeResponse = result;
    res.status(result.created ? 201 : 200).json(body);
  });

  return router;
}
