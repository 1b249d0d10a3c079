import { ResponseError } from '@backstage/errors';
import {
  compareVersions,
  ConflictFile,
  FileChange,
  ServiceTemplateStatus,
  UpgradeRequest,
} from '@runway/plugin-template-upgrades-common';

/** `1 file`, `3 files` */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** How many of a template's services are behind its latest version. */
export function countBehind(services: ServiceTemplateStatus[]): number {
  return services.filter(s => s.behind).length;
}

/**
 * The order the fleet table shows services in: behind first, then those
 * with a problem, then by name.
 */
export function sortServices(
  services: ServiceTemplateStatus[],
): ServiceTemplateStatus[] {
  const rank = (s: ServiceTemplateStatus) =>
    (s.behind ? 0 : 2) + (s.problem ? 0 : 1);
  return [...services].sort(
    (a, b) => rank(a) - rank(b) || a.entityRef.localeCompare(b.entityRef),
  );
}

/** Sorts services by the version they record, oldest first. */
export function byVersion(
  a: ServiceTemplateStatus,
  b: ServiceTemplateStatus,
): number {
  return compareVersions(a.version, b.version);
}

/** Why a file could not be merged, in words. */
export const CONFLICT_REASONS: Record<ConflictFile['reason'], string> = {
  'both-changed': 'the service and the template changed the same lines',
  'added-both': 'both added the file with different contents',
  'deleted-in-template':
    "the template removed a file the service changed (the service's copy is kept)",
  'deleted-in-service':
    'the service removed a file the template changed (it stays removed)',
  binary: "both changed a binary file (the service's copy is kept)",
};

/** `clean`, `1 conflict`, `3 conflicts` */
export function conflictsLabel(conflicts: ConflictFile[]): string {
  return conflicts.length === 0
    ? 'clean'
    : plural(conflicts.length, 'conflict');
}

/** `2 added, 1 modified` (kinds with no file left out). */
export function changeSummary(files: FileChange[]): string {
  const kinds: FileChange['change'][] = ['added', 'modified', 'deleted'];
  return kinds
    .map(kind => [kind, files.filter(f => f.change === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
}

/**
 * The name of an upgrade request: `pull request #12` (GitHub),
 * `merge request !7` (GitLab), `branch <name>` (a local repository).
 */
export function requestName(request: UpgradeRequest): string {
  if (request.provider === 'local') return `branch ${request.branch}`;
  if (request.provider === 'gitlab') {
    return request.number === undefined
      ? 'merge request'
      : `merge request !${request.number}`;
  }
  return request.number === undefined
    ? 'pull request'
    : `pull request #${request.number}`;
}

/** The request's page when it is an http(s) URL; nothing else is linked. */
export function requestUrl(request: UpgradeRequest): string | undefined {
  if (!request.url) return undefined;
  try {
    const { protocol } = new URL(request.url);
    return protocol === 'https:' || protocol === 'http:'
      ? request.url
      : undefined;
  } catch {
    return undefined;
  }
}

/** `user:default/jane.doe` -> `jane.doe`; `sweep` -> `the sweep` */
export function requester(createdBy: string): string {
  if (createdBy === 'sweep') return 'the sweep';
  return createdBy.replace(/^[^:]+:/, '').replace(/^default\//, '');
}

/** An ISO time in the reader's locale. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** The HTTP status of a failed backend call, when it came from one. */
export function errorStatus(error: Error): number | undefined {
  return ResponseError.is(error) ? error.statusCode : undefined;
}

/**
 * The backend's own message for a failed call (`{ error: { message } }`),
 * else the error's. A JSON error body without Backstage's `response` field
 * reaches the client as text, and its message is read from that text.
 */
export function errorMessage(error: Error): string {
  if (!ResponseError.is(error)) return error.message;
  const message = error.cause?.message || error.message;
  const text = /^Request failed with status \d+[^,]*, (\{.*\})$/s.exec(
    message,
  )?.[1];
  if (text) {
    try {
      const inner = JSON.parse(text)?.error?.message;
      if (typeof inner === 'string' && inner) return inner;
    } catch {
      // not JSON after all: the text is the message
    }
  }
  return message;
}
