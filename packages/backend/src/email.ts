/*
 * Notifications by email, when the organisation configures it.
 *
 * Backstage's email module (`@backstage/plugin-notifications-backend-module-email`)
 * sends each notification to its recipients' email addresses as well (SMTP,
 * Amazon SES, sendmail or Azure). It needs a transport and a sender and
 * fails to start without them, so it is loaded only when
 * `notifications.processors.email` is set (docs/operating.md, "Email").
 * Without it, notifications are shown in Runway only.
 */
import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';

/** The configuration key that turns email on. */
export const EMAIL_CONFIG_KEY = 'notifications.processors.email';

export const emailNotificationsLoader = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (config.has(EMAIL_CONFIG_KEY)) {
      yield import('@backstage/plugin-notifications-backend-module-email');
    }
  },
});
