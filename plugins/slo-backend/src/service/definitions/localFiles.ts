import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { repositoryOf } from '@runway/backend-common';
import {
  SLO_REF_ANNOTATION,
  SloValidationIssue,
} from '@runway/plugin-slo-common';
import { readBounded, SloFileTooLargeError } from './boundedRead';

/**
 * Where an SLO file is read from: a URL (through the URL reader) or a local
 * file, which must stay inside `root` (the folder of the entity's trusted
 * origin location).
 *
 * @public
 */
export type SloFileLocation =
  | { type: 'url'; target: string }
  | { type: 'file'; target: string; root: string };

/**
 * Whether the entity comes from one of `trustedOrigins`, the locations
 * listed under `catalog.locations` (its `managed-by-origin-location`, which
 * the catalog sets and entities cannot override).
 *
 * @public
 */
export function isFromTrustedLocation(
  entity: Entity,
  trustedOrigins: string[],
): boolean {
  const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  return origin !== undefined && trustedOrigins.includes(origin);
}

const inside = (root: string, target: string) =>
  target.startsWith(`${root}${path.sep}`);

const LOCAL_ONLY_TRUSTED =
  'local SLO files are read only for entities from the locations listed in catalog.locations';
const URL_ONLY_OWN =
  'SLO files by URL are read only from the repository the entity is registered from, unless it comes from a location listed in catalog.locations';

/**
 * A URL location, for an entity that is not from a trusted location only
 * inside the repository of its own catalog file
 * (`backstage.io/managed-by-location`, which the catalog sets): the URL
 * reader reads with Runway's integration tokens, which may reach
 * repositories the entity's authors cannot read.
 */
function ownRepositoryUrl(
  entity: Entity,
  ref: string,
  target: string,
  trusted: boolean,
): SloFileLocation {
  if (!trusted) {
    const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
    const own = location ? parseLocationRef(location) : undefined;
    const repository =
      own?.type === 'url' ? repositoryOf(own.target) : undefined;
    if (!repository || repositoryOf(target) !== repository) {
      throw new Error(
        `'${ref}' (${target}) is outside ${
          repository ?? 'the repository the entity is registered from'
        }: ${URL_ONLY_OWN}`,
      );
    }
  }
  return { type: 'url', target };
}

/**
 * Where an annotation value points: an absolute URL, or a path relative to
 * the entity's `url:` source location (`backstage.io/source-location`), else
 * the location it was read from (`backstage.io/managed-by-location`).
 * Local files only for entities from `trustedOrigins` (see
 * `isFromTrustedLocation`) and only inside the folder of their origin
 * location; URLs of other entities only inside the repository of their
 * `managed-by-location`; a `file:` source location of any other entity is ignored. Never
 * throws: `location` is missing when the reference cannot be honoured, and
 * `issues` say why, and what was ignored.
 *
 * @public
 */
export function resolveSloRef(
  entity: Entity,
  ref: string,
  trustedOrigins: string[],
): { location?: SloFileLocation; issues: SloValidationIssue[] } {
  const issues: SloValidationIssue[] = [];
  try {
    return { location: resolve(entity, ref, trustedOrigins, issues), issues };
  } catch (error) {
    issues.push({
      path: SLO_REF_ANNOTATION,
      message: (error as Error).message,
    });
    return { issues };
  }
}

function resolve(
  entity: Entity,
  ref: string,
  trustedOrigins: string[],
  issues: SloValidationIssue[],
): SloFileLocation {
  const trusted = isFromTrustedLocation(entity, trustedOrigins);
  if (/^https?:\/\//.test(ref)) {
    return ownRepositoryUrl(entity, ref, ref, trusted);
  }
  const annotations = entity.metadata.annotations ?? {};
  const source = annotations[ANNOTATION_SOURCE_LOCATION];
  let base = source ? parseLocationRef(source) : undefined;
  if (base?.type === 'file' && !trusted) {
    issues.push({
      path: ANNOTATION_SOURCE_LOCATION,
      message: `the file: source location ${base.target} is ignored: ${LOCAL_ONLY_TRUSTED}`,
    });
    base = undefined;
  }
  if (!base && annotations[ANNOTATION_LOCATION]) {
    base = parseLocationRef(annotations[ANNOTATION_LOCATION]);
  }
  if (!base) {
    throw new Error(
      `the entity has no source location to resolve '${ref}' against`,
    );
  }
  if (base.type === 'url') {
    const target = new URL(ref, base.target).toString();
    return ownRepositoryUrl(entity, ref, target, trusted);
  }
  if (base.type !== 'file') {
    throw new Error(`cannot resolve '${ref}' against a ${base.type} location`);
  }
  const origin = annotations[ANNOTATION_ORIGIN_LOCATION];
  if (!trusted) {
    throw new Error(
      `${LOCAL_ONLY_TRUSTED}; this entity comes from ${
        origin ?? 'an unknown location'
      }`,
    );
  }
  const originLocation = parseLocationRef(origin!);
  if (originLocation.type !== 'file') {
    throw new Error(
      `'${ref}' is a local file but the entity comes from ${origin}`,
    );
  }
  const root = path.dirname(originLocation.target);
  const target = path.resolve(path.dirname(base.target), ref);
  if (!inside(root, target)) {
    throw new Error(`'${ref}' points outside the folder of ${origin}`);
  }
  return { type: 'file', target, root };
}

/**
 * Reads a local SLO file: its real path (links resolved) must stay inside
 * the real path of `root`, it must be a regular file, and reading stops
 * after `maxBytes` ({@link SloFileTooLargeError}). Opened without blocking,
 * so a FIFO is refused instead of waited on.
 *
 * @public
 */
export async function readLocalSloFile(
  location: { target: string; root: string },
  maxBytes: number,
): Promise<Buffer> {
  const root = await fs.realpath(location.root);
  const real = await fs.realpath(location.target);
  if (!inside(root, real)) {
    throw new Error(
      `it leads outside the folder ${location.root} (through a symbolic link)`,
    );
  }
  const handle = await fs.open(
    real,
    constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW,
  );
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new Error('it is not a regular file');
    }
    if (stat.size > maxBytes) {
      throw new SloFileTooLargeError(maxBytes);
    }
    return await readBounded(
      handle.createReadStream({ autoClose: false }),
      maxBytes,
    );
  } finally {
    await handle.close();
  }
}
