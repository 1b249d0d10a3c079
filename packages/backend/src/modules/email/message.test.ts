import { emailMessage, ProcessedNotification } from './message';

const notification = (
  payload: Partial<ProcessedNotification['payload']>,
): ProcessedNotification => ({
  id: 'n1',
  user: 'user:default/erin.payments',
  origin: 'plugin:aws-cost',
  created: new Date('2026-12-05T10:00:00Z'),
  payload: { title: 'billing-worker: cost anomaly', ...payload },
});

describe('emailMessage', () => {
  it('has the title as subject, the description and the absolute link', () => {
    const message = emailMessage(
      notification({
        description: 'Spend doubled.',
        link: '/catalog/default/component/billing-worker/cost',
      }),
      'https://runway.example.com',
    );
    expect(message.subject).toBe('billing-worker: cost anomaly');
    expect(message.text).toBe(
      [
        'Spend doubled.',
        'https://runway.example.com/catalog/default/component/billing-worker/cost',
        '-- \nSent by Runway. All your notifications: https://runway.example.com/notifications',
      ].join('\n\n'),
    );
    expect(message.html).toContain(
      '<a href="https://runway.example.com/catalog/default/component/billing-worker/cost">',
    );
  });

  it('resolves a relative link under an app served from a path', () => {
    const { text } = emailMessage(
      notification({ link: 'catalog/default/component/x' }),
      'https://portal.example.com/runway/',
    );
    expect(text).toContain(
      'https://portal.example.com/runway/catalog/default/component/x',
    );
    expect(text).toContain('https://portal.example.com/runway/notifications');
  });

  it('keeps an absolute link as it is, and leaves out what is missing', () => {
    const { text, html } = emailMessage(
      notification({ link: 'https://grafana.example.com/d/abc?x=1&y=2' }),
      'https://runway.example.com',
    );
    expect(text.split('\n\n')[0]).toBe(
      'https://grafana.example.com/d/abc?x=1&y=2',
    );
    expect(html).toContain(
      '<a href="https://grafana.example.com/d/abc?x=1&amp;y=2">',
    );
    const bare = emailMessage(notification({}), 'https://runway.example.com');
    expect(bare.text).toBe(
      '-- \nSent by Runway. All your notifications: https://runway.example.com/notifications',
    );
  });

  it('escapes every text in the HTML part and keeps the subject on one line', () => {
    const message = emailMessage(
      notification({
        title: '<b>checkout-api</b>\r\nBcc: everyone@example.com',
        description:
          'Burn rate > 14 & budget < 25 %\n"fast" <script>x</script>',
      }),
      'https://runway.example.com',
    );
    expect(message.subject).toBe(
      '<b>checkout-api</b> Bcc: everyone@example.com',
    );
    expect(message.html).toContain(
      '<h2>&lt;b&gt;checkout-api&lt;/b&gt;\r\nBcc: everyone@example.com</h2>',
    );
    expect(message.html).toContain(
      '<p>Burn rate &gt; 14 &amp; budget &lt; 25 %<br>&quot;fast&quot; &lt;script&gt;x&lt;/script&gt;</p>',
    );
    expect(message.html).not.toContain('<script>');
  });
});
