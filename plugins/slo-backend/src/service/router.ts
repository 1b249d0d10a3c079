import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { authorizeSloRead } from './authorize';
import { SloService } from './SloService';

/**
 * HTTP only: credentials, then the `slo.read` permission, then validated
 * input, then the service call, then JSON.
 *
 * @public
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  service: SloService;
}): Promise<express.Router> {
  const { httpAuth, permissions, service } = options;
  const router = Router();
  router.use(express.json());

  // every route, cached answers included, checks slo.read for the caller
  async function authorize(req: Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizeSloRead(permissions, credentials);
    return credentials;
  }

  function optionalString(req: Request, name: string): string | undefined {
    const value = req.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') {
      throw new InputError(
        `Query parameter '${name}' must be a non-empty string`,
      );
    }
    return value;
  }

  /** `months` (default 6): an integer from 1 to 24. */
  function monthCount(req: Request): number {
    const months = Number(optionalString(req, 'months') ?? '6');
    if (!Number.isInteger(months) || months < 1 || months > 24) {
      throw new InputError(
        "Query parameter 'months' must be an integer from 1 to 24",
      );
    }
    return months;
  }

  function requiredString(req: Request, name: string): string {
    const value = optionalString(req, name);
    if (value === undefined) {
      throw new InputError(`Query parameter '${name}' is required`);
    }
    return value;
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/config', async (req, res) => {
    await authorize(req);
    res.json({ sampleData: service.sampleData });
  });

  router.get('/slos', async (req, res) => {
    const credentials = await authorize(req);
    const env = service.environment(optionalString(req, 'env'));
    res.json(await service.listSlos(env, credentials));
  });

  router.get('/entity/:kind/:namespace/:name', async (req, res) => {
    const credentials = await authorize(req);
    const env = service.environment(optionalString(req, 'env'));
    const { kind, namespace, name } = req.params;
    res.json(
      await service.entitySlos(
        `${kind}:${namespace}/${name}`,
        env,
        credentials,
      ),
    );
  });

  router.get('/entity/:kind/:namespace/:name/slos/:slo', async (req, res) => {
    const credentials = await authorize(req);
    const env = service.environment(optionalString(req, 'env'));
    const { kind, namespace, name, slo } = req.params;
    res.json(
      await service.sloDetail(
        `${kind}:${namespace}/${name}`,
        slo,
        env,
        credentials,
      ),
    );
  });

  router.get('/entity/:kind/:namespace/:name/requests', async (req, res) => {
    const credentials = await authorize(req);
    const env = service.environment(optionalString(req, 'env'));
    const { kind, namespace, name } = req.params;
    res.json(
      await service.entityRequests(
        `${kind}:${namespace}/${name}`,
        monthCount(req),
        env,
        credentials,
      ),
    );
  });

  router.get('/teams/:team/compliance', async (req, res) => {
    const credentials = await authorize(req);
    const env = service.environment(optionalString(req, 'env'));
    res.json(
      await service.teamCompliance(
        req.params.team,
        monthCount(req),
        env,
        credentials,
      ),
    );
  });

  router.get('/gate', async (req, res) => {
    const credentials = await authorize(req);
    const entity = requiredString(req, 'entity');
    const env = service.environment(requiredString(req, 'env'));
    res.json(await service.gate(entity, env, credentials));
  });

  return router;
}
