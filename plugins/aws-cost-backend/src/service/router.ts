import {
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ForwardedError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  awsCostImportPermission,
  COST_DIMENSIONS,
} from '@runway/plugin-aws-cost-common';
import express from 'express';
import Router from 'express-promise-router';
import { CostStore } from '../store/CostStore';
import { AwsCostService } from './AwsCostService';
import { drainedOrClosed, EXPORT_HEADER, streamCsv } from './csvExport';
import { ResponseCache } from './ResponseCache';
import {
  parseChoice,
  parseDimension,
  parseFilter,
  parseLimit,
  parsePage,
  parseRange,
  parseText,
  rejectUnknown,
} from './query';
import { readEntityCost, requireReportRead } from './reads';
import { REFUSED_HEADER, refusedCsvLines } from './refusedRowsCsv';

/** What the router needs; `plugin.ts` wires it. */
export type RouterOptions = {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  catalog: CatalogService;
  store: CostStore;
  reports: AwsCostService;
  cache: ResponseCache;
  /** Re-runs the configured imports (admin route); absent when none. */
  runImports?: () => Promise<unknown>;
};

const RANGE = ['from', 'to', 'preset', 'granularity'];

/** Translates HTTP to report calls: credentials, permission, input, answer. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, reports, cache } = options;
  const router = Router();
  router.use(express.json());

  const requireReport = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requireReportRead(permissions, credentials);
    return credentials;
  };

  const cached = <T>(key: string, compute: () => Promise<T>) =>
    cache.get(key, compute);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/status', async (req, res) => {
    await requireReport(req);
    rejectUnknown(req.query, []);
    res.json(await cached('status', () => reports.status()));
  });

  // refused rows hold any account's spend: the organisation-wide permission
  router.get('/refused-rows', async (req, res) => {
    await requireReport(req);
    rejectUnknown(req.query, ['source', 'format', 'offset', 'limit']);
    const source = parseText(req.query, 'source');
    const format = parseChoice(req.query, 'format', ['json', 'csv'] as const);
    if (source !== undefined) {
      const known = (await reports.status()).sources.map(s => s.source);
      if (!known.includes(source)) {
        throw new InputError(
          `Invalid query parameter 'source': '${source}' is not a source (${
            known.join(', ') || 'none'
          })`,
        );
      }
    }
    if (format === 'json') {
      const page = parsePage(req.query, { fallback: 100, max: 1000 });
      res.json(await reports.refusedRows({ source, ...page }));
      return;
    }
    for (const name of ['offset', 'limit']) {
      if (req.query[name] !== undefined) {
        throw new InputError(
          `Invalid query parameter '${name}': the CSV download holds every listed row`,
        );
      }
    }
    const { total, kept } = await reports.refusedRows({
      source,
      offset: 0,
      limit: 1,
    });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="aws-cost-refused-rows${
        source ? `-${source.replace(/[^A-Za-z0-9._-]/g, '_')}` : ''
      }.csv"`,
    );
    res.setHeader('X-Refused-Rows', String(total));
    res.setHeader('X-Refused-Rows-Listed', String(kept));
    res.write(REFUSED_HEADER);
    for await (const line of refusedCsvLines(reports, source)) {
      if (res.destroyed) return; // the client went away
      if (!res.write(line)) await drainedOrClosed(res);
    }
    res.end();
  });

  router.get('/summary', async (req, res) => {
    await requireReport(req);
    rejectUnknown(req.query, []);
    res.json(await cached('summary', () => reports.summary()));
  });

  router.get('/breakdown', async (req, res) => {
    await requireReport(req);
    rejectUnknown(req.query, [...RANGE, 'dimension', ...COST_DIMENSIONS]);
    const asOf = await reports.asOf();
    const range = parseRange(req.query, asOf);
    const dimension = parseDimension(req.query);
    const filter = parseFilter(req.query);
    const key = `breakdown:${JSON.stringify({ range, dimension, filter })}`;
    res.json(
      await cached(key, () =>
        reports.breakdown({ ...range, dimension, filter }),
      ),
    );
  });

  router.get('/movers', async (req, res) => {
    await requireReport(req);
    rejectUnknown(req.query, [
      ...RANGE,
      'dimension',
      'limit',
      ...COST_DIMENSIONS,
    ]);
    const asOf = await reports.asOf();
    const range = parseRange(req.query, asOf, {
      months: 1,
      granularity: 'monthly',
    });
    const dimension = parseDimension(req.query, 'service');
    const limit = parseLimit(req.query);
    const filter = parseFilter(req.query);
    const key = `movers:${JSON.stringify({ range, dimension, limit, filter })}`;
    res.json(
      await cached(key, () =>
        reports.movers({
          from: range.from,
          to: range.to,
          dimension,
          limit,
          filter,
        }),
      ),
    );
  });

  router.get('/anomalies', async (req, res) => {
    await requireReport(req);
    rejectUnknown(req.query, []);
    res.json(await cached('anomalies', () => reports.anomalies()));
  });

  router.get('/budgets', async (req, res) => {
    await requireReport(req);
    rejectUnknown(req.query, []);
    res.json(await cached('budgets', () => reports.budgets()));
  });

  router.get('/entity/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    rejectUnknown(req.query, RANGE);
    const { kind, namespace, name } = req.params;
    res.json(
      await readEntityCost(
        options,
        credentials,
        { kind, namespace, name },
        req.query,
      ),
    );
  });

  router.get('/export.csv', async (req, res) => {
    await requireReport(req);
    rejectUnknown(req.query, ['from', 'to', ...COST_DIMENSIONS]);
    const asOf = await reports.asOf();
    const range = parseRange(req.query, asOf, {
      months: 1,
      granularity: 'monthly',
    });
    const filter = await reports.exportFilter(parseFilter(req.query));
    const status = await reports.status();
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="aws-cost-${range.from}-${range.to}${
        status.sample ? '-sample-data' : ''
      }.csv"`,
    );
    res.write(EXPORT_HEADER);
    await streamCsv({
      res,
      rows: () => options.store.streamDaily({ ...range, filter }),
      logger: options.logger,
    });
  });

  router.post('/import', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: awsCostImportPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${awsCostImportPermission.name}`);
    }
    if (!options.runImports) {
      throw new NotFoundError(
        'No cost files are configured (awsCost.sources.files)',
      );
    }
    options.logger.info(
      `Cost import requested by ${
        'userEntityRef' in credentials.principal
          ? (credentials.principal as { userEntityRef: string }).userEntityRef
          : 'a service'
      }`,
    );
    // runImports starts a new answer-cache generation when it is done
    res.json(await options.runImports());
  });

  return router;
}

export { ForwardedError };
