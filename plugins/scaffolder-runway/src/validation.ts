import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
} from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';

/**
 * What the name rule says, in plain words. The messages of this file leave
 * out the field's name: the form shows them under the field and, in its
 * error summary, after the field's title ("'Name' must be ...").
 */
export const NAME_RULE =
  "must be 3-40 characters of lowercase letters, digits and '-', starting with a letter";

const NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * What is wrong with a service name (a DNS-1123 label of 3 to 40
 * characters), in plain words, or undefined when it is well-formed.
 *
 * @public
 */
export function serviceNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is required';
  const details: string[] = [];
  if (name.length < 3 || name.length > 40) {
    details.push(`it has ${name.length} characters`);
  }
  if (/^[-0-9]/.test(name)) {
    details.push(`it starts with "${name[0]}"`);
  }
  const bad = [...new Set(name.replace(/[-a-z0-9]/g, ''))];
  if (bad.length > 0) {
    details.push(
      `${bad.map(c => (c === ' ' ? 'a space' : `"${c}"`)).join(', ')} ${
        bad.length === 1 ? 'is' : 'are'
      } not allowed`,
    );
  }
  if (details.length === 0 && name.endsWith('-')) {
    details.push('it ends with "-"');
  }
  if (details.length === 0 && !NAME_PATTERN.test(name)) {
    details.push('it is not a DNS label');
  }
  return details.length > 0 ? `${NAME_RULE}: ${details.join('; ')}` : undefined;
}

/** The short name of an owner ref (`group:default/team-x` -> `team-x`). */
function ownerName(entity: Entity): string {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return 'nobody';
  try {
    const ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    return ref.namespace === 'default'
      ? ref.name
      : `${ref.namespace}/${ref.name}`;
  } catch {
    return owner;
  }
}

/**
 * The entity of `ref`, or undefined when the catalog has none. Asked as a
 * filtered list, which answers an empty list (not a 404 that the browser
 * logs as a failed request) for a name still free.
 */
async function findEntity(
  catalogApi: Pick<CatalogApi, 'getEntities'>,
  ref: CompoundEntityRef,
): Promise<Entity | undefined> {
  const { items } = await catalogApi.getEntities({
    filter: {
      kind: ref.kind,
      'metadata.namespace': ref.namespace,
      'metadata.name': ref.name,
    },
    limit: 1,
  });
  return items[0];
}

/**
 * The name problem of `serviceNameProblem`, or, for a well-formed name, a
 * component of that name already in the catalog (asked through the catalog
 * API): "is taken: a component named X already exists, owned by Y". When the catalog
 * cannot be asked, the form lets the name through: the template's first step
 * checks it again on the server.
 *
 * @public
 */
export async function checkServiceName(
  name: string,
  catalogApi: Pick<CatalogApi, 'getEntities'> | undefined,
): Promise<string | undefined> {
  const problem = serviceNameProblem(name);
  if (problem || !catalogApi) return problem;
  let existing: Entity | undefined;
  try {
    existing = await findEntity(catalogApi, {
      kind: 'Component',
      namespace: 'default',
      name,
    });
  } catch {
    return undefined;
  }
  return existing
    ? `is taken: a component named ${name} already exists, owned by ${ownerName(
        existing,
      )}`
    : undefined;
}

/**
 * What is wrong with an owner: it must be the ref of a Group that exists in
 * the catalog.
 *
 * @public
 */
export async function checkOwner(
  owner: string | undefined,
  catalogApi: Pick<CatalogApi, 'getEntities'> | undefined,
): Promise<string | undefined> {
  if (!owner) return 'is required: pick a team from the list';
  let ref;
  try {
    ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return `"${owner}" is not a team: pick one from the list`;
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
    return `must be a team (a Group in the catalog), not a ${ref.kind}: pick one from the list`;
  }
  if (!catalogApi) return undefined;
  let entity: Entity | undefined;
  try {
    entity = await findEntity(catalogApi, ref);
  } catch {
    return undefined;
  }
  if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'group') {
    return `"${ref.name}" is not a team in the catalog: pick one from the list`;
  }
  return undefined;
}
