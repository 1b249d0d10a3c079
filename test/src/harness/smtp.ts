import { SMTPServer } from 'smtp-server';
import { freePort } from './processes';

/** One email as the SMTP server received it. */
export type ReceivedEmail = {
  from: string;
  to: string[];
  /** The whole message: headers and body, as sent. */
  raw: string;
  subject: string;
};

export type SmtpSink = {
  host: string;
  port: number;
  emails: ReceivedEmail[];
  stop(): Promise<void>;
};

/**
 * A real SMTP server on a free loopback port (smtp-server, the SMTP server
 * of nodemailer's authors), plain text without authentication, keeping
 * every email it receives: a mail relay as the organisation's would be.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const emails: ReceivedEmail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', chunk => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const subject = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
        emails.push({
          from: session.envelope.mailFrom
            ? session.envelope.mailFrom.address
            : '',
          to: session.envelope.rcptTo.map(r => r.address),
          raw,
          subject: decodeWords(subject.replace(/\r\n[ \t]/g, ' ')),
        });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    host: '127.0.0.1',
    port,
    emails,
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** A header's MIME encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) as text. */
function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
      (_word, _charset: string, encoding: string, text: string) =>
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                  String.fromCharCode(parseInt(hex, 16)),
                ),
              'latin1',
            ).toString('utf8'),
    );
}
