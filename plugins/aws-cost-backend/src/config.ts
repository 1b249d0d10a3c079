import { Config } from '@backstage/config';
import {
  readEntityRefs,
  trustedOriginsFromConfig,
} from '@runway/backend-common';
import {
  DEFAULT_TAG_KEYS,
  parseMicros,
  TagKeys,
} from '@runway/plugin-aws-cost-common';

/** Runway's `awsCost` config, read once at start-up. */
export type AwsCostConfig = {
  /** The dashboard's currency (ISO 4217); rows in another are not imported. */
  currency: string;
  tagKeys: TagKeys;
  sharedServices: string[];
  sharedSplit: 'none' | 'proportional' | 'weights';
  sharedWeights: Record<string, number>;
  budgets: Array<{ entityRef: string; monthlyMicros: bigint }>;
  cacheTtlSeconds: number;
  anomalyThreshold: number;
  anomalyMinImpactMicros: bigint;
  sample: { enabled: boolean; directory?: string };
  files: Array<{ id: string; path: string }>;
  costExplorer?: CostExplorerConfig;
  s3?: S3SourceConfig;
  /**
   * The locations of `catalog.locations` as the catalog writes them into
   * `backstage.io/managed-by-origin-location` (`<type>:<target>`, a file
   * target resolved against the working directory as the catalog does).
   * Entities from them are trusted: their allocation is used as written and
   * their service tag claims win.
   */
  trustedLocations: string[];
  notifications: NotificationsConfig;
};

/** `awsCost.notifications`, with defaults applied. */
export type NotificationsConfig = {
  enabled: boolean;
  frequencyMinutes: number;
  initialDelaySeconds: number;
  /**
   * The groups (or users) of `runway.permissions.roles.manager`, as
   * lower-case entity refs: they hear about every anomaly and budget.
   */
  managers: string[];
};

/** Default of `runway.permissions.roles.manager` (as the permission policy has it). */
export const DEFAULT_MANAGERS = ['group:default/finance'];

/** `awsCost.sources.costExplorer`, with defaults applied. */
export type CostExplorerConfig = {
  source: string;
  accounts: Array<{ accountId: string; name?: string }>;
  region: string;
  frequencyHours: number;
  dailyCallCap: number;
  lookbackMonths: number;
  /** Days re-read on every sync (Cost Explorer revises recent days). */
  refreshDays: number;
  groupBy: Array<{ Type: 'DIMENSION' | 'TAG'; Key: string }>;
  maxAttempts: number;
  timeoutMs: number;
  anomalies: boolean;
  forecast: boolean;
};

/** `awsCost.sources.s3`, with defaults applied. */
export type S3SourceConfig = {
  /** Source id: the status row, and the prefix of each object's rows. */
  id: string;
  bucket: string;
  /** Key prefix of the export (`<prefix>/<export name>/data/...`). */
  prefix: string;
  region: string;
  /** A role to assume for reading the bucket (through `aws.mainAccount`). */
  roleArn?: string;
  externalId?: string;
  frequencyHours: number;
  /** Timeout of one ListObjectsV2 call. */
  timeoutMs: number;
  /** Timeout of reading one object, body included. */
  objectTimeoutMs: number;
  /** Attempts per S3 call (the SDK's jittered retries). */
  maxAttempts: number;
};

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

function readS3Source(s3: Config | undefined): S3SourceConfig | undefined {
  if (!s3 || s3.getOptionalBoolean('enabled') === false) return undefined;
  const positive = (key: string, fallback: number) => {
    const v = s3.getOptionalNumber(key) ?? fallback;
    if (!(v > 0)) fail(`sources.s3.${key}`, 'must be > 0');
    return v;
  };
  const id = s3.getOptionalString('id') ?? 's3';
  if (!/^[\w.-]{1,40}$/.test(id)) {
    fail('sources.s3.id', `'${id}' is not 1-40 letters, digits, '.', '_', '-'`);
  }
  const roleArn = s3.getOptionalString('roleArn');
  if (roleArn !== undefined && !ROLE_ARN.test(roleArn)) {
    fail('sources.s3.roleArn', `'${roleArn}' is not an IAM role ARN`);
  }
  const maxAttempts = positive('maxAttempts', 3);
  if (!Number.isInteger(maxAttempts)) {
    fail('sources.s3.maxAttempts', 'must be a positive integer');
  }
  return {
    id,
    bucket: s3.getString('bucket'),
    prefix: s3.getOptionalString('prefix') ?? '',
    region: s3.getOptionalString('region') ?? 'us-east-1',
    roleArn,
    externalId: s3.getOptionalString('externalId'),
    frequencyHours: positive('frequencyHours', 8),
    timeoutMs: positive('timeoutMs', 30_000),
    objectTimeoutMs: positive('objectTimeoutMs', 600_000),
    maxAttempts,
  };
}

/** `awsCost.notifications` and the manager groups that receive them. */
function readNotifications(root: Config): NotificationsConfig {
  const n = root.getOptionalConfig('awsCost.notifications');
  const frequencyMinutes = n?.getOptionalNumber('frequencyMinutes') ?? 60;
  if (!(frequencyMinutes > 0)) {
    fail('notifications.frequencyMinutes', `'${frequencyMinutes}' is not > 0`);
  }
  const initialDelaySeconds =
    n?.getOptionalNumber('initialDelaySeconds') ?? 300;
  if (!(initialDelaySeconds >= 0)) {
    fail(
      'notifications.initialDelaySeconds',
      `'${initialDelaySeconds}' is not >= 0`,
    );
  }
  const key = 'runway.permissions.roles.manager';
  const managers = readEntityRefs(
    root,
    key,
    DEFAULT_MANAGERS,
    (ref, i, e) =>
      new Error(
        `Invalid config ${key}[${i}]: '${ref}' is not an entity ref (${e.message})`,
      ),
  );
  return {
    enabled: n?.getOptionalBoolean('enabled') ?? true,
    frequencyMinutes,
    initialDelaySeconds,
    managers,
  };
}

function fail(key: string, message: string): never {
  throw new Error(`Invalid config awsCost.${key}: ${message}`);
}

function money(config: Config, key: string): bigint {
  const raw = config.get(key);
  const micros =
    typeof raw === 'number' || typeof raw === 'string'
      ? parseMicros(String(raw))
      : undefined;
  if (micros === undefined || micros < 0n) {
    return fail(key, `'${String(raw)}' is not a non-negative amount`);
  }
  return micros;
}

/** Reads and validates `awsCost`; a bad value fails start-up naming the key. */
export function readAwsCostConfig(root: Config): AwsCostConfig {
  const config = root.getOptionalConfig('awsCost');
  const tagKeys: TagKeys = {
    team: config?.getOptionalString('tagKeys.team') ?? DEFAULT_TAG_KEYS.team,
    service:
      config?.getOptionalString('tagKeys.service') ?? DEFAULT_TAG_KEYS.service,
    environment:
      config?.getOptionalString('tagKeys.environment') ??
      DEFAULT_TAG_KEYS.environment,
  };
  const currency = config?.getOptionalString('currency') ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency)) {
    fail('currency', `'${currency}' is not an ISO 4217 code (e.g. USD)`);
  }
  const split = config?.getOptionalString('allocation.sharedSplit') ?? 'none';
  if (!['none', 'proportional', 'weights'].includes(split)) {
    fail(
      'allocation.sharedSplit',
      `'${split}' is not none, proportional or weights`,
    );
  }
  const weightsConfig = config?.getOptionalConfig('allocation.sharedWeights');
  const sharedWeights: Record<string, number> = {};
  for (const key of weightsConfig?.keys() ?? []) {
    const w = weightsConfig!.getNumber(key);
    if (!Number.isInteger(w) || w < 0) {
      fail(`allocation.sharedWeights.${key}`, 'must be a non-negative integer');
    }
    sharedWeights[key] = w;
  }
  if (split === 'weights' && Object.keys(sharedWeights).length === 0) {
    fail('allocation.sharedWeights', 'is required when sharedSplit is weights');
  }
  const budgets = (config?.getOptionalConfigArray('budgets') ?? []).map(
    (b, i) => {
      const entityRef = b.getString('entityRef').toLocaleLowerCase('en-US');
      if (!/^[a-z]+:[^/]+\/.+$/.test(entityRef)) {
        fail(
          `budgets[${i}].entityRef`,
          `'${entityRef}' is not kind:namespace/name`,
        );
      }
      return { entityRef, monthlyMicros: money(b, 'monthly') };
    },
  );
  const files = (config?.getOptionalConfigArray('sources.files') ?? []).map(
    f => ({
      id: f.getOptionalString('id') ?? 'focus',
      path: f.getString('path'),
    }),
  );

  let costExplorer: CostExplorerConfig | undefined;
  const ce = config?.getOptionalConfig('sources.costExplorer');
  if (ce && ce.getOptionalBoolean('enabled') !== false) {
    const groupBy = (ce.getOptionalConfigArray('groupBy') ?? []).map((g, i) => {
      const type = g.getString('type');
      if (type !== 'DIMENSION' && type !== 'TAG') {
        fail(
          `sources.costExplorer.groupBy[${i}].type`,
          `'${type}' is not DIMENSION or TAG`,
        );
      }
      return { Type: type as 'DIMENSION' | 'TAG', Key: g.getString('key') };
    });
    if (groupBy.length > 2) {
      fail(
        'sources.costExplorer.groupBy',
        'Cost Explorer groups by at most two keys',
      );
    }
    const frequencyHours = ce.getOptionalNumber('frequencyHours') ?? 8;
    if (!(frequencyHours > 0))
      fail('sources.costExplorer.frequencyHours', 'must be > 0');
    const cap = ce.getOptionalNumber('dailyCallCap') ?? 100;
    if (!Number.isInteger(cap) || cap < 1)
      fail('sources.costExplorer.dailyCallCap', 'must be a positive integer');
    costExplorer = {
      source: 'cost-explorer',
      accounts: (ce.getOptionalConfigArray('accounts') ?? []).map(a => ({
        accountId: a.getString('accountId'),
        name: a.getOptionalString('name'),
      })),
      region: ce.getOptionalString('region') ?? 'us-east-1',
      frequencyHours,
      dailyCallCap: cap,
      lookbackMonths: ce.getOptionalNumber('lookbackMonths') ?? 13,
      refreshDays: ce.getOptionalNumber('refreshDays') ?? 3,
      groupBy: groupBy.length
        ? groupBy
        : [
            { Type: 'DIMENSION', Key: 'SERVICE' },
            { Type: 'TAG', Key: tagKeys.service },
          ],
      maxAttempts: ce.getOptionalNumber('maxAttempts') ?? 5,
      timeoutMs: ce.getOptionalNumber('timeoutMs') ?? 30_000,
      anomalies: ce.getOptionalBoolean('anomalies') ?? true,
      forecast: ce.getOptionalBoolean('forecast') ?? true,
    };
  }

  return {
    currency,
    tagKeys,
    sharedServices: config?.getOptionalStringArray(
      'allocation.sharedServices',
    ) ?? ['shared'],
    sharedSplit: split as AwsCostConfig['sharedSplit'],
    sharedWeights,
    budgets,
    cacheTtlSeconds: config?.getOptionalNumber('cacheTtlSeconds') ?? 300,
    anomalyThreshold: config?.getOptionalNumber('anomalies.threshold') ?? 1.5,
    anomalyMinImpactMicros: config?.has('anomalies.minImpact')
      ? money(config, 'anomalies.minImpact')
      : 50_000_000n,
    sample: {
      enabled: config?.getOptionalBoolean('sources.sample.enabled') ?? false,
      directory: config?.getOptionalString('sources.sample.directory'),
    },
    files,
    costExplorer,
    s3: readS3Source(config?.getOptionalConfig('sources.s3')),
    trustedLocations: trustedOriginsFromConfig(root),
    notifications: readNotifications(root),
  };
}
