import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  ANSWERS_FILE,
  compareVersions,
  ServiceTemplateStatus,
  SOURCE_TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  UpgradeRequest,
} from '@runway/plugin-template-upgrades-common';
import { parse as parseYaml } from 'yaml';
import { UpgradeStore } from './UpgradeStore';

/** What a service's answers file records. */
export type RecordedAnswers = {
  template: string;
  version: string;
  answers: Record<string, unknown>;
};

/** Reads `.runway-answers.yaml`; throws naming what is wrong. */
export function parseAnswersFile(content: Buffer | undefined): RecordedAnswers {
  if (!content) throw new Error(`the repository has no ${ANSWERS_FILE}`);
  let doc: any;
  try {
    doc = parseYaml(content.toString('utf8'), { maxAliasCount: 0 });
  } catch (error) {
    throw new Error(`${ANSWERS_FILE} is not YAML: ${(error as Error).message}`);
  }
  if (typeof doc?.template !== 'string' || !doc.template) {
    throw new Error(`${ANSWERS_FILE}: template is missing`);
  }
  if (typeof doc.version !== 'string' || !doc.version) {
    throw new Error(`${ANSWERS_FILE}: version is missing`);
  }
  if (
    !doc.answers ||
    typeof doc.answers !== 'object' ||
    Array.isArray(doc.answers)
  ) {
    throw new Error(`${ANSWERS_FILE}: answers is not a mapping`);
  }
  return { template: doc.template, version: doc.version, answers: doc.answers };
}

/** The fields of a Template entity that a render needs (stable across refreshes). */
export function archivedEntity(entity: Entity): JsonObject {
  const { name, namespace, title, description } = entity.metadata;
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: {
      name,
      namespace: namespace ?? 'default',
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
    },
    spec: (entity.spec ?? {}) as JsonObject,
  } as JsonObject;
}

/** A service's status from the stored versions, drifts and requests. */
export function statusOf(
  entity: Entity,
  versions: Map<string, string[]>,
  drifts: Awaited<ReturnType<UpgradeStore['drifts']>>,
  requests: Map<string, UpgradeRequest>,
): ServiceTemplateStatus {
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const templateRef = annotations[SOURCE_TEMPLATE_ANNOTATION]!;
  const version = annotations[TEMPLATE_VERSION_ANNOTATION]!;
  const latestVersion = versions.get(templateRef)?.[0];
  const stored = drifts.get(entityRef);
  // a drift computed for another version (before an upgrade merged) is stale
  const drift = stored?.version === version ? stored : undefined;
  const owner = (entity.spec as { owner?: string } | undefined)?.owner;
  return {
    entityRef,
    title: entity.metadata.title,
    owner,
    templateRef,
    version,
    latestVersion,
    behind: !!latestVersion && compareVersions(latestVersion, version) > 0,
    drift: drift?.drift,
    problem:
      drift?.problem ??
      (latestVersion && !versions.get(templateRef)?.includes(version)
        ? `${version} is not archived: its drift cannot be computed and an upgrade cannot merge`
        : undefined),
    upgrade: requests.get(entityRef),
  };
}
