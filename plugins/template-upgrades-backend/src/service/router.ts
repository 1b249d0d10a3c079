import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityTemplateResponse,
  FleetResponse,
  templateUpgradesCreatePermission,
  templateUpgradesReadPermission,
  UpgradeResponse,
} from '@runway/plugin-template-upgrades-common';
import express from 'express';
import Router from 'express-promise-router';
import { TemplateUpgrades } from './TemplateUpgrades';

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

  const canRead = async (credentials: BackstageCredentials) => {
    const [decision] = await permissions.authorize(
      [{ permission: templateUpgradesReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not see template upgrades');
    }
  };
  const canUpgrade = async (
    credentials: BackstageCredentials,
    resourceRef: string,
  ) => {
    const [decision] = await permissions.authorize(
      [{ permission: templateUpgradesCreatePermission, resourceRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  };
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
    const ref = stringifyEntityRef({ kind, namespace, name });
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`${ref} is not in the catalog`);
    return entity;
  };

  router.get('/fleet', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await canRead(credentials);
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
    await canRead(credentials);
    const entity = await entityOf(req, credentials);
    const status = await upgrades.status(entity);
    const body: EntityTemplateResponse = {
      status,
      canUpgrade:
        !!status &&
        auth.isPrincipal(credentials, 'user') &&
        (await canUpgrade(credentials, stringifyEntityRef(entity))),
    };
    res.json(body);
  });

  router.post('/entity/:kind/:namespace/:name/upgrade', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = await entityOf(req, credentials);
    const entityRef = stringifyEntityRef(entity);
    if (!(await canUpgrade(credentials, entityRef))) {
      throw new NotAllowedError(
        `You may not upgrade ${entityRef}: ops and its owners may`,
      );
    }
    const result = await upgrades.upgrade(
      entity,
      credentials.principal.userEntityRef,
    );
    const body: UpgradeResponse = result;
    res.status(result.created ? 201 : 200).json(body);
  });

  return router;
}
