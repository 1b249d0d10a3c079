import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EmailProcessor, EmailProcessorOptions } from './EmailProcessor';
import { ProcessedNotification } from './message';
import { startSmtpServer, TestSmtpServer } from './__testUtils__/smtpServer';

const user = (name: string, email?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: email ? { email } : {}, memberOf: [] },
});

const catalog = catalogServiceMock({
  entities: [
    user('erin.payments', 'Erin.Payments@runway.example.com'),
    user('frank.payments', 'frank.payments@runway.example.com'),
    user('no.email'),
  ],
});

let seq = 0;
const notification = (
  to: string | null,
  payload: Partial<ProcessedNotification['payload']> = {},
): ProcessedNotification => ({
  id: `n${++seq}`,
  user: to,
  origin: 'plugin:aws-cost',
  created: new Date(),
  payload: {
    title: 'billing-worker: cost anomaly, +$1,200',
    description: 'Spend doubled since 2026-12-01.',
    link: '/catalog/default/component/billing-worker/cost',
    scope: 'cost-anomaly:billing-worker',
    ...payload,
  },
});

describe('EmailProcessor', () => {
  let smtp: TestSmtpServer;
  let processor: EmailProcessor;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  async function start(
    smtpOptions: Parameters<typeof startSmtpServer>[0] = {},
    options: Partial<EmailProcessorOptions> = {},
  ) {
    smtp = await startSmtpServer(smtpOptions);
    logger = mockServices.logger.mock();
    processor = EmailProcessor.create({
      email: {
        host: smtp.host,
        port: smtp.port,
        secure: false,
        sender: 'Runway <runway@runway.example.com>',
        replyTo: 'platform-ops@runway.example.com',
      },
      appBaseUrl: 'https://runway.example.com',
      catalog,
      auth: mockServices.auth(),
      logger,
      ...options,
    });
  }

  afterEach(async () => {
    await processor?.close(1000);
    await smtp?.stop();
  });

  it("emails a notification to its user's catalog address, in the background", async () => {
    await start();
    await processor.postProcess(notification('user:default/erin.payments'));
    // queued, not sent, when postProcess returns
    expect(smtp.emails).toHaveLength(0);
    const [email] = await smtp.waitFor(1);
    expect(email.from).toBe('runway@runway.example.com');
    expect(email.to).toEqual(['Erin.Payments@runway.example.com']);
    expect(email.headers.from).toBe('Runway <runway@runway.example.com>');
    expect(email.headers['reply-to']).toBe('platform-ops@runway.example.com');
    expect(email.subject).toBe('billing-worker: cost anomaly, +$1,200');
    expect(email.text).toContain('Spend doubled since 2026-12-01.');
    expect(email.text).toContain(
      'https://runway.example.com/catalog/default/component/billing-worker/cost',
    );
    expect(email.html).toContain(
      '<a href="https://runway.example.com/catalog/default/component/billing-worker/cost">',
    );
    expect(processor.getName()).toBe('Email');
  });

  it('emails no broadcast, and no user without an address or entity', async () => {
    await start();
    await processor.postProcess(notification(null));
    await processor.postProcess(notification('user:default/no.email'));
    await processor.postProcess(notification('user:default/gone'));
    await processor.idle();
    expect(smtp.emails).toHaveLength(0);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /to user:default\/no\.email: no spec\.profile\.email$/,
      ),
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/to user:default\/gone: not in the catalog$/),
    );
  });

  it('emails each recipient once per notification, and an updated notification only when its title changed', async () => {
    await start();
    const first = notification('user:default/erin.payments');
    await processor.postProcess(first);
    await processor.postProcess(first);
    await processor.postProcess(notification('user:default/frank.payments'));
    // re-notified with the same scope and title (a new id): no email
    await processor.postProcess(notification('user:default/erin.payments'));
    await processor.idle();
    expect(smtp.emails.map(e => e.to)).toEqual([
      ['Erin.Payments@runway.example.com'],
      ['frank.payments@runway.example.com'],
    ]);

    // the same scope with a new title: emailed again
    await processor.postProcess(
      notification('user:default/erin.payments', {
        title: 'billing-worker: cost anomaly, +$2,400',
      }),
    );
    // without a scope, each notification is its own
    await processor.postProcess(
      notification('user:default/erin.payments', { scope: undefined }),
    );
    await processor.postProcess(
      notification('user:default/erin.payments', { scope: undefined }),
    );
    await processor.idle();
    expect(smtp.emails.map(e => e.subject)).toEqual([
      'billing-worker: cost anomaly, +$1,200',
      'billing-worker: cost anomaly, +$1,200',
      'billing-worker: cost anomaly, +$2,400',
      'billing-worker: cost anomaly, +$1,200',
      'billing-worker: cost anomaly, +$1,200',
    ]);
  });

  it('logs a refused email with the user ref, not the address, and emails it when it is notified again', async () => {
    let refuse = true;
    await start({
      onRcptTo(address, _session, callback) {
        if (refuse) {
          const error = new Error(
            `Mailbox ${address.address} unavailable`,
          ) as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
        } else callback();
      },
    });
    await expect(
      processor.postProcess(notification('user:default/erin.payments')),
    ).resolves.toBeUndefined();
    await processor.idle();
    expect(smtp.emails).toHaveLength(0);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const [message] = logger.warn.mock.calls[0];
    expect(message).toMatch(
      /^Could not email notification n\d+ to user:default\/erin\.payments: .*550/,
    );
    expect(message.toLowerCase()).not.toContain('erin.payments@');

    refuse = false;
    await processor.postProcess(notification('user:default/erin.payments'));
    await smtp.waitFor(1);
  });

  it('retries a temporary failure once', async () => {
    let attempts = 0;
    await start(
      {
        onMailFrom(_address, _session, callback) {
          attempts += 1;
          if (attempts === 1) {
            const error = new Error('Try again later') as Error & {
              responseCode: number;
            };
            error.responseCode = 451;
            callback(error);
          } else callback();
        },
      },
      { retryDelayMs: 10 },
    );
    await processor.postProcess(notification('user:default/frank.payments'));
    await smtp.waitFor(1);
    expect(attempts).toBe(2);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('neither waits for nor fails on a server that stalls or is gone', async () => {
    await start(
      {
        // accepts the message, never answers
        onData(stream) {
          stream.resume();
        },
      },
      { timeoutMs: 300, retryDelayMs: 10 },
    );
    await processor.postProcess(notification('user:default/erin.payments'));
    await processor.idle();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /to user:default\/erin\.payments: timed out after 300 ms$/,
      ),
    );

    // nothing listens on the port any more
    await smtp.stop();
    await processor.postProcess(notification('user:default/frank.payments'));
    await processor.idle();
    expect(logger.warn).toHaveBeenLastCalledWith(
      expect.stringMatching(/to user:default\/frank\.payments: .*ECONNREFUSED/),
    );
  });
});
