import {
  NotificationProcessor,
  resolveNotificationLink,
} from '@backstage/plugin-notifications-node';

/** A notification as the notifications backend hands it to a processor. */
export type ProcessedNotification = Parameters<
  NonNullable<NotificationProcessor['postProcess']>
>[0];

/** The parts of one notification email. */
export type EmailMessage = {
  subject: string;
  text: string;
  html: string;
};

/**
 * The email for one notification: the title as subject; the description,
 * the link (absolute: a relative link is resolved against `appBaseUrl`) and
 * where to find every notification, as plain text and as minimal HTML with
 * every text escaped.
 */
export function emailMessage(
  notification: ProcessedNotification,
  appBaseUrl: string,
): EmailMessage {
  const { title, description } = notification.payload;
  const link = resolveNotificationLink(notification.payload.link, appBaseUrl);
  const all = resolveNotificationLink('/notifications', appBaseUrl)!;
  const footer = `Sent by Runway. All your notifications: ${all}`;

  const text = [description?.trim(), link, `-- \n${footer}`]
    .filter(Boolean)
    .join('\n\n');

  const paragraphs = [
    description?.trim()
      ? `<p>${escapeHtml(description.trim()).replace(/\r?\n/g, '<br>')}</p>`
      : '',
    link ? `<p>${anchor(link)}</p>` : '',
    `<p style="color:#666;font-size:small">Sent by Runway. ${anchor(
      all,
      'All your notifications',
    )}</p>`,
  ];
  const html = [
    '<!DOCTYPE html>',
    '<html><body>',
    `<h2>${escapeHtml(title)}</h2>`,
    ...paragraphs.filter(Boolean),
    '</body></html>',
  ].join('\n');

  // a header is one line
  return { subject: title.replace(/\s+/g, ' ').trim(), text, html };
}

/** A link for http(s) URLs; any other text stays text. */
function anchor(url: string, label: string = url): string {
  return /^https?:\/\//i.test(url)
    ? `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`
    : escapeHtml(url);
}

/** Text as HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
