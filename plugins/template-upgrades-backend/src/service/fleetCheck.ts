import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EventNotifier, OwnerEvent } from '@runway/backend-common';
import { TemplateUpgrades } from './TemplateUpgrades';

/** The notification family of services behind their template. */
export const BEHIND_FAMILY = 'template-behind';

/**
 * One check of the fleet (a global scheduled task: one replica per
 * cadence): archives the templates' current versions, computes every
 * service's drift, tells the owners of services that fell behind (once per
 * service and version), and, with the sweep, opens their upgrades.
 */
export async function checkFleet(options: {
  upgrades: TemplateUpgrades;
  auth: AuthService;
  logger: LoggerService;
  events?: EventNotifier;
  sweepEnabled: boolean;
}): Promise<{ services: number; behind: number; opened: number }> {
  const { upgrades, auth, logger, events } = options;
  await upgrades.archiveTemplates();
  const credentials = await auth.getOwnServiceCredentials();
  const entities = await upgrades.services(credentials);
  const behind: OwnerEvent[] = [];
  let opened = 0;
  for (const entity of entities) {
    await upgrades.checkDrift(entity);
    const status = await upgrades.status(entity);
    if (!status?.behind || !status.latestVersion) continue;
    const entityRef = stringifyEntityRef(entity);
    if (status.owner) {
      const name = entity.metadata.title ?? entity.metadata.name;
      behind.push({
        key: `${BEHIND_FAMILY}:${entityRef}:${status.latestVersion}`,
        recipients: { type: 'entity', entityRef: status.owner },
        payload: {
          title: `${name} is behind ${status.templateRef} ${status.latestVersion}`,
          description: `${name} was made from ${status.templateRef} ${status.version}; ${status.latestVersion} is out. Its page opens the upgrade as a pull request.`,
          link: `/catalog/${
            entity.metadata.namespace ?? 'default'
          }/${entity.kind.toLocaleLowerCase('en-US')}/${entity.metadata.name}`,
          severity: 'low',
          topic: 'template-upgrade',
        },
      });
    }
    if (options.sweepEnabled && !status.problem) {
      try {
        const { created } = await upgrades.upgrade(entity, 'sweep');
        if (created) opened++;
      } catch (error) {
        logger.warn(
          `The sweep could not upgrade ${entityRef}: ${
            (error as Error).message
          }`,
        );
      }
    }
  }
  if (events) await events.reconcile(BEHIND_FAMILY, behind);
  return { services: entities.length, behind: behind.length, opened };
}
