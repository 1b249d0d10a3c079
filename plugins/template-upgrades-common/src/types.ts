/**
 * Annotation naming the template a service was created from
 * (`template:default/microservice`), as Backstage's scaffolder writes it.
 *
 * @public
 */
export const SOURCE_TEMPLATE_ANNOTATION = 'backstage.io/source-template';

/**
 * Annotation holding the template version a service was rendered with (on
 * the service), or a template's own version (on the Template).
 *
 * @public
 */
export const TEMPLATE_VERSION_ANNOTATION = 'runway.io/template-version';

/**
 * Annotation pointing at the service's answers file (`./.runway-answers.yaml`):
 * the template, its version and every answer it was rendered with.
 *
 * @public
 */
export const TEMPLATE_ANSWERS_ANNOTATION = 'runway.io/template-answers';

/** The answers file at the root of every generated repository. @public */
export const ANSWERS_FILE = '.runway-answers.yaml';

/**
 * How a file of a service differs: from what its recorded template version
 * renders (drift), or in the template between two versions.
 *
 * @public
 */
export type FileChange = {
  path: string;
  change: 'added' | 'modified' | 'deleted';
};

/**
 * A file the upgrade could not merge by itself, and why:
 * - `both-changed`: the service and the template changed the same lines
 *   (the file holds conflict markers);
 * - `added-both`: both added the file with different contents (markers);
 * - `deleted-in-template`: the template removed a file the service changed
 *   (the service's file is kept);
 * - `deleted-in-service`: the service removed a file the template changed
 *   (it stays removed);
 * - `binary`: both changed a file that is not text (the service's is kept).
 *
 * @public
 */
export type ConflictFile = {
  path: string;
  reason:
    | 'both-changed'
    | 'added-both'
    | 'deleted-in-template'
    | 'deleted-in-service'
    | 'binary';
};

/**
 * The pull request (or, for development's local repositories, the branch)
 * an upgrade opened.
 *
 * @public
 */
export type UpgradeRequest = {
  entityRef: string;
  templateRef: string;
  fromVersion: string;
  toVersion: string;
  /** Where the request lives: GitHub, GitLab, or a local repository. */
  provider: 'github' | 'gitlab' | 'local';
  /** The branch holding the upgrade commit (never the default branch). */
  branch: string;
  /** The pull or merge request's page; absent for local branches. */
  url?: string;
  /** The pull or merge request's number; absent for local branches. */
  number?: number;
  /** Files the template's change touched in the service. */
  changedFiles: FileChange[];
  /** Files left for a person to resolve (empty for a clean upgrade). */
  conflicts: ConflictFile[];
  /** ISO time the request was opened. */
  createdAt: string;
  /** The user or task that asked for it (a user ref, or `sweep`). */
  createdBy: string;
};

/**
 * What the service changed since it was generated: its files compared with
 * what its recorded version renders with its answers.
 *
 * @public
 */
export type ServiceDrift = {
  /** The default branch's commit the files were read at. */
  commit: string;
  changedFiles: FileChange[];
  /** ISO time of the comparison. */
  computedAt: string;
};

/**
 * One service made from a template, as the fleet view shows it.
 *
 * @public
 */
export type ServiceTemplateStatus = {
  entityRef: string;
  title?: string;
  owner?: string;
  templateRef: string;
  /** The version the service records (`runway.io/template-version`). */
  version: string;
  /** The template's current version; absent when Runway has none archived. */
  latestVersion?: string;
  /** True when a newer version than the service's exists. */
  behind: boolean;
  /** Its drift, once computed; absent before the first check. */
  drift?: ServiceDrift;
  /**
   * Why Runway cannot compare or upgrade this service (its version is not
   * archived, its repository cannot be read, no answers file, ...).
   */
  problem?: string;
  /** The newest upgrade request opened for it. */
  upgrade?: UpgradeRequest;
};

/**
 * One template of the fleet view.
 *
 * @public
 */
export type TemplateFleet = {
  templateRef: string;
  title?: string;
  /** Its current version (its Template's annotation), when known. */
  latestVersion?: string;
  /** The versions Runway holds and can render, newest first. */
  archivedVersions: string[];
  services: ServiceTemplateStatus[];
};

/**
 * `GET /api/template-upgrades/fleet`: every template with the services
 * made from it that the caller may read.
 *
 * @public
 */
export type FleetResponse = {
  templates: TemplateFleet[];
  /** Whether the sweep opens upgrade requests by itself. */
  sweepEnabled: boolean;
};

/**
 * `GET /api/template-upgrades/entity/:kind/:namespace/:name`: one service,
 * and whether the caller may upgrade it.
 *
 * @public
 */
export type EntityTemplateResponse = {
  status?: ServiceTemplateStatus;
  /** True when the caller may open an upgrade for this service. */
  canUpgrade: boolean;
};

/**
 * `POST /api/template-upgrades/entity/:kind/:namespace/:name/upgrade`: the
 * request opened, or the open one for the same target version.
 *
 * @public
 */
export type UpgradeResponse = {
  request: UpgradeRequest;
  /** False when an open request for this version already existed. */
  created: boolean;
};
