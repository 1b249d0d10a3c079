/*
 * Template upgrades: which version each service is on, what it changed
 * since it was generated, and its upgrade to the template's newest version
 * as a pull request.
 *
 * Runway archives every version of the organisation's own templates (those
 * of `catalog.locations`, read from disk) in its database as it meets them,
 * so that the version a service was made with can be rendered again later,
 * after the template moved on. A service records its template, version and
 * answers in `.runway-answers.yaml`; its drift is its files compared with
 * what that version renders with those answers, and its upgrade merges the
 * template's change between that version and the newest into its files.
 */
import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ANSWERS_FILE,
  ServiceTemplateStatus,
  SOURCE_TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  TemplateFleet,
  UpgradeRequest,
} from '@runway/plugin-template-upgrades-common';
import fs from 'node:fs/promises';
import { diffTrees, threeWayMerge } from './merge';
import { TemplateRenderer } from './render';
import {
  Checkout,
  RepositoryGit,
  RepositoryRef,
  repositoryOf,
} from './repositories';
import { openRequest } from './pullRequests';
import { upgradeDescription } from './describe';
import { UpgradeStore } from './UpgradeStore';
import { parseAnswersFile, statusOf } from './status';
import { archiveTemplates } from './archive';

/** How long a drift computed at an unchanged commit stands (checkDrift). */
const DRIFT_RECHECK_MS = 24 * 60 * 60 * 1000;

export type TemplateUpgradesOptions = {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  store: UpgradeStore;
  renderer: TemplateRenderer;
  git: RepositoryGit;
  trustedOrigins: readonly string[];
  integrations: Parameters<typeof repositoryOf>[1]['integrations'];
  localDirectory?: string;
};

export class TemplateUpgrades {
  constructor(private readonly options: TemplateUpgradesOptions) {}

  /**
   * Archives the current version of every trusted Template that records
   * one. Returns the templates' current versions by ref.
   */
  async archiveTemplates(): Promise<Map<string, string>> {
    return archiveTemplates(this.options);
  }

  /** The services made from a template that `credentials` may read. */
  async services(credentials: BackstageCredentials): Promise<Entity[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${SOURCE_TEMPLATE_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
          [`metadata.annotations.${TEMPLATE_VERSION_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    return items;
  }

  /** The fleet view over the services `credentials` may read. */
  async fleet(credentials: BackstageCredentials): Promise<TemplateFleet[]> {
    const [entities, versions, drifts, requests, templates] = await Promise.all(
      [
        this.services(credentials),
        this.options.store.versions(),
        this.options.store.drifts(),
        this.options.store.latestRequests(),
        this.options.catalog.getEntities(
          {
            filter: { kind: 'Template' },
            fields: [
              'kind',
              'metadata.name',
              'metadata.namespace',
              'metadata.title',
            ],
          },
          { credentials },
        ),
      ],
    );
    const titles = new Map(
      templates.items.map(t => [stringifyEntityRef(t), t.metadata.title]),
    );
    const byTemplate = new Map<string, TemplateFleet>();
    const templateOf = (ref: string) => {
      let fleet = byTemplate.get(ref);
      if (!fleet) {
        const archived = versions.get(ref) ?? [];
        fleet = {
          templateRef: ref,
          title: titles.get(ref),
          latestVersion: archived[0],
          archivedVersions: archived,
          services: [],
        };
        byTemplate.set(ref, fleet);
      }
      return fleet;
    };
    for (const [ref] of versions) templateOf(ref);
    for (const entity of entities) {
      const status = statusOf(entity, versions, drifts, requests);
      templateOf(status.templateRef).services.push(status);
    }
    for (const fleet of byTemplate.values()) {
      fleet.services.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    }
    return [...byTemplate.values()].sort((a, b) =>
      a.templateRef.localeCompare(b.templateRef),
    );
  }

  /** One service's status, or undefined when it was not made from a template. */
  async status(entity: Entity): Promise<ServiceTemplateStatus | undefined> {
    const annotations = entity.metadata.annotations ?? {};
    if (
      !annotations[SOURCE_TEMPLATE_ANNOTATION] ||
      !annotations[TEMPLATE_VERSION_ANNOTATION]
    ) {
      return undefined;
    }
    const [versions, drifts, requests] = await Promise.all([
      this.options.store.versions(),
      this.options.store.drifts(),
      this.options.store.latestRequests(),
    ]);
    return statusOf(entity, versions, drifts, requests);
  }

  /** Compares one service's files with what its recorded version renders. */
  async checkDrift(entity: Entity): Promise<void> {
    const entityRef = stringifyEntityRef(entity);
    const annotations = entity.metadata.annotations ?? {};
    const templateRef = annotations[SOURCE_TEMPLATE_ANNOTATION] ?? '';
    const version = annotations[TEMPLATE_VERSION_ANNOTATION] ?? '';
    const { store } = this.options;
    let checkout: Checkout | undefined;
    try {
      const repo = this.repository(entity);
      if (await this.driftIsCurrent(entityRef, version, repo)) return;
      checkout = await this.options.git.checkout(repo);
      const recorded = parseAnswersFile(checkout.files.get(ANSWERS_FILE));
      const archived = await this.archived(recorded.template, recorded.version);
      const rendered = await this.options.renderer.render(
        archived,
        recorded.answers,
      );
      await store.writeDrift({
        entityRef,
        templateRef: recorded.template,
        version: recorded.version,
        drift: {
          commit: checkout.commit,
          changedFiles: diffTrees(rendered.files, checkout.files),
          computedAt: new Date().toISOString(),
        },
      });
    } catch (error) {
      await store.writeDrift({
        entityRef,
        templateRef,
        version,
        problem: (error as Error).message,
      });
    } finally {
      if (checkout) await fs.rm(checkout.dir, { recursive: true, force: true });
    }
  }

  /**
   * Whether the stored drift still holds: computed less than a day ago, for
   * the same recorded version, at the commit the default branch still
   * points at (asked without a clone). A day bounds what a new renderer or
   * platform setting could change without a commit.
   */
  private async driftIsCurrent(
    entityRef: string,
    version: string,
    repo: RepositoryRef,
  ): Promise<boolean> {
    const previous = await this.options.store.drift(entityRef);
    const drift = previous?.drift;
    if (!drift || previous.problem || previous.version !== version) {
      return false;
    }
    if (Date.now() - Date.parse(drift.computedAt) > DRIFT_RECHECK_MS) {
      return false;
    }
    const head = await this.options.git.headCommit(repo).catch(() => undefined);
    return head === drift.commit;
  }

  /**
   * Opens the upgrade of one service to its template's newest version, or
   * returns the request already opened for that version.
   */
  async upgrade(
    entity: Entity,
    createdBy: string,
  ): Promise<{ request: UpgradeRequest; created: boolean }> {
    const entityRef = stringifyEntityRef(entity);
    const status = await this.status(entity);
    if (!status) {
      throw new NotFoundError(`${entityRef} was not made from a template`);
    }
    if (!status.latestVersion) {
      throw new ConflictError(
        `${status.templateRef} has no archived version: Runway archives the organisation's own templates from catalog.locations`,
      );
    }
    if (!status.behind) {
      throw new ConflictError(
        `${entityRef} is on ${status.templateRef} ${status.version}, the newest version`,
      );
    }
    const toVersion = status.latestVersion;
    const { store } = this.options;
    if (!(await store.claim(entityRef, toVersion))) {
      const existing = await store.request(entityRef, toVersion);
      if (existing && existing !== 'pending') {
        return { request: existing, created: false };
      }
      throw new ConflictError(
        `The upgrade of ${entityRef} to ${toVersion} is being opened; try again in a minute`,
      );
    }
    try {
      const request = await this.openUpgrade(
        entity,
        status.templateRef,
        toVersion,
        createdBy,
      );
      await store.saveRequest(request);
      return { request, created: true };
    } catch (error) {
      await store.release(entityRef, toVersion);
      throw error;
    }
  }

  private async openUpgrade(
    entity: Entity,
    templateRef: string,
    toVersion: string,
    createdBy: string,
  ): Promise<UpgradeRequest> {
    const entityRef = stringifyEntityRef(entity);
    const repo = this.repository(entity);
    const checkout = await this.options.git.checkout(repo);
    try {
      const recorded = parseAnswersFile(checkout.files.get(ANSWERS_FILE));
      if (recorded.template !== templateRef) {
        throw new ConflictError(
          `${ANSWERS_FILE} names ${recorded.template}, the entity ${templateRef}`,
        );
      }
      const [from, to] = await Promise.all([
        this.archived(templateRef, recorded.version),
        this.archived(templateRef, toVersion),
      ]);
      const [base, theirs] = await Promise.all([
        this.options.renderer.render(from, recorded.answers),
        this.options.renderer.render(to, recorded.answers),
      ]);
      const merge = await threeWayMerge({
        base: base.files,
        ours: checkout.files,
        theirs: theirs.files,
        labels: {
          ours: 'service',
          base: `${templateRef} ${recorded.version}`,
          theirs: `${templateRef} ${toVersion}`,
        },
      });
      const executable = new Set(checkout.executable);
      for (const p of theirs.executable) executable.add(p);
      const name = templateRef.split('/').pop();
      const branch = `runway/upgrade-${name}-${toVersion}`;
      const text = upgradeDescription({
        entityRef,
        templateRef,
        fromVersion: recorded.version,
        toVersion,
        templateChanges: diffTrees(base.files, theirs.files),
        merge,
      });
      await this.options.git.pushBranch(repo, checkout, {
        branch,
        writes: merge.writes,
        executable,
        message: `${text.title}\n\n${text.body}`,
      });
      const request: UpgradeRequest = {
        entityRef,
        templateRef,
        fromVersion: recorded.version,
        toVersion,
        provider: repo.provider,
        branch,
        changedFiles: merge.changedFiles,
        conflicts: merge.conflicts,
        createdAt: new Date().toISOString(),
        createdBy,
      };
      if (repo.provider !== 'local') {
        const token = await this.options.git.token(repo);
        if (!token) {
          throw new Error(
            `no token for ${repo.host}: configure its integration`,
          );
        }
        const opened = await openRequest(repo, token, {
          branch,
          base: checkout.branch,
          title: text.title,
          body: text.body,
          labels: merge.conflicts.length
            ? ['template-upgrade', 'conflicts']
            : ['template-upgrade'],
        });
        request.url = opened.url;
        request.number = opened.number;
      }
      this.options.logger.info(
        `Opened the upgrade of ${entityRef} to ${templateRef} ${toVersion} on ${branch} (${merge.conflicts.length} conflicts) for ${createdBy}`,
      );
      return request;
    } finally {
      await fs.rm(checkout.dir, { recursive: true, force: true });
    }
  }

  private repository(entity: Entity): RepositoryRef {
    const repo = repositoryOf(entity, {
      localDirectory: this.options.localDirectory,
      integrations: this.options.integrations,
    });
    if (typeof repo === 'string') {
      throw new ConflictError(`${stringifyEntityRef(entity)}: ${repo}`);
    }
    return repo;
  }

  private async archived(templateRef: string, version: string) {
    const archived = await this.options.store.read(templateRef, version);
    if (!archived) {
      throw new ConflictError(
        `${templateRef} ${version} is not archived: Runway keeps the versions it has seen since it started archiving`,
      );
    }
    return archived;
  }
}
