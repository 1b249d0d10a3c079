import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationsProcessingExtensionPoint } from '@backstage/plugin-notifications-node';
import { EMAIL_CONFIG_KEY, readEmailConfig } from './config';
import { EmailProcessor } from './EmailProcessor';

/**
 * Notifications by email too, through the organisation's SMTP server, when
 * `runway.notifications.email` is set ({@link EmailProcessor}); without it,
 * notifications are shown in Runway only. A bad `runway.notifications.email`
 * fails start-up with an error naming the key.
 *
 * Runway's own processor: Backstage's email module is not part of the
 * Backstage release Runway is on (docs/adr/0019).
 *
 * @public
 */
export default createBackendModule({
  pluginId: 'notifications',
  moduleId: 'runway-email',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        processing: notificationsProcessingExtensionPoint,
      },
      async init({ config, logger, auth, lifecycle, catalog, processing }) {
        const email = readEmailConfig(config);
        if (!email) {
          logger.info(
            `Notification emails are off: ${EMAIL_CONFIG_KEY} is not set`,
          );
          return;
        }
        const processor = EmailProcessor.create({
          email,
          appBaseUrl: config.getString('app.baseUrl'),
          catalog,
          auth,
          logger,
        });
        processing.addProcessor(processor);
        lifecycle.addShutdownHook(() => processor.close());
        logger.info(
          `Notification emails are on: through ${email.host}:${email.port} from ${email.sender}`,
        );
      },
    });
  },
});
