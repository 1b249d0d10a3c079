import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationProcessor,
  notificationsProcessingExtensionPoint,
} from '@backstage/plugin-notifications-node';
import emailModule from './module';
import { EmailProcessor } from './EmailProcessor';
import { startSmtpServer } from './__testUtils__/smtpServer';

/** Starts the module with `config`; the processors it added. */
async function startModule(
  config: object,
  logger = mockServices.logger.mock(),
): Promise<NotificationProcessor[]> {
  const processors: NotificationProcessor[] = [];
  await startTestBackend({
    extensionPoints: [
      [
        notificationsProcessingExtensionPoint,
        {
          addProcessor: (...added) => processors.push(...added.flat()),
          setNotificationRecipientResolver: jest.fn(),
        },
      ],
    ],
    features: [
      emailModule,
      mockServices.rootConfig.factory({
        data: { app: { baseUrl: 'http://runway.test:3000' }, ...config },
      }),
      logger.factory,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'erin.payments', namespace: 'default' },
            spec: { profile: { email: 'erin.payments@runway.example.com' } },
          },
        ],
      }),
    ],
  });
  return processors;
}

describe('runway-email module', () => {
  it('does nothing without runway.notifications.email, and says so once', async () => {
    const logger = mockServices.logger.mock();
    expect(await startModule({ runway: {} }, logger)).toEqual([]);
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      'Notification emails are off: runway.notifications.email is not set',
    );
  });

  it('fails start-up on a bad config, naming the key', async () => {
    await expect(
      startModule({
        runway: { notifications: { email: { host: 'smtp.internal' } } },
      }),
    ).rejects.toThrow('runway.notifications.email.sender is required');
    await expect(
      startModule({
        runway: {
          notifications: {
            email: { host: 'smtp', sender: 'r@example.com', port: 'x' },
          },
        },
      }),
    ).rejects.toThrow('runway.notifications.email.port must be a port number');
  });

  it('adds the Email processor, which emails through the configured server', async () => {
    const smtp = await startSmtpServer();
    try {
      const processors = await startModule({
        runway: {
          notifications: {
            email: {
              host: smtp.host,
              port: smtp.port,
              sender: 'runway@runway.example.com',
            },
          },
        },
      });
      expect(processors).toHaveLength(1);
      const [processor] = processors as EmailProcessor[];
      expect(processor).toBeInstanceOf(EmailProcessor);
      await processor.postProcess({
        id: 'n1',
        user: 'user:default/erin.payments',
        origin: 'plugin:slo',
        created: new Date(),
        payload: {
          title: 'checkout-api: availability SLO burning fast',
          link: '/catalog/default/component/checkout-api/slos',
        },
      });
      const [email] = await smtp.waitFor(1);
      expect(email.to).toEqual(['erin.payments@runway.example.com']);
      expect(email.subject).toBe('checkout-api: availability SLO burning fast');
      expect(email.text).toContain(
        'http://runway.test:3000/catalog/default/component/checkout-api/slos',
      );
    } finally {
      await smtp.stop();
    }
  });
});
