import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';

/** One email as the SMTP server received it, its parts decoded. */
export type ReceivedEmail = {
  from: string;
  to: string[];
  /** Header names in lower case, values unfolded and decoded. */
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
};

export type TestSmtpServer = {
  host: string;
  port: number;
  emails: ReceivedEmail[];
  /** Resolves once `count` emails have arrived (fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEmail[]>;
  stop(): Promise<void>;
};

/**
 * A real SMTP server (smtp-server) on a free loopback port, plain text
 * without authentication, keeping every email it accepts. `options` may
 * add handlers that refuse or stall.
 */
export async function startSmtpServer(
  options: Partial<SMTPServerOptions> = {},
): Promise<TestSmtpServer> {
  const emails: ReceivedEmail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // stop() closes connections a test left hanging at once
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', chunk => chunks.push(chunk));
      stream.on('end', () => {
        emails.push({
          from: session.envelope.mailFrom
            ? session.envelope.mailFrom.address
            : '',
          to: session.envelope.rcptTo.map(r => r.address),
          ...parseMessage(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    emails,
    async waitFor(count, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (emails.length < count) {
        if (Date.now() > end) {
          throw new Error(`${emails.length} of ${count} emails arrived`);
        }
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      return emails;
    },
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

type Part = { headers: Record<string, string>; body: string };

function parseMessage(raw: string) {
  const message = parsePart(raw);
  const parts: Part[] = [];
  const walk = (part: Part) => {
    const boundary = /boundary="?([^";]+)"?/i.exec(
      part.headers['content-type'] ?? '',
    )?.[1];
    if (!boundary) {
      parts.push(part);
      return;
    }
    part.body
      .split(`--${boundary}`)
      .slice(1, -1)
      .forEach(p => walk(parsePart(p.replace(/^\r\n/, ''))));
  };
  walk(message);
  const body = (type: string) => {
    const part = parts.find(p =>
      (p.headers['content-type'] ?? 'text/plain').startsWith(type),
    );
    return part ? decodeBody(part) : '';
  };
  return {
    headers: message.headers,
    subject: message.headers.subject ?? '',
    text: body('text/plain'),
    html: body('text/html'),
  };
}

function parsePart(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(
        line.slice(colon + 1).trim(),
      );
    }
  }
  return { headers, body: split < 0 ? '' : raw.slice(split + 4) };
}

function decodeBody({ headers, body }: Part): string {
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'base64') {
    return Buffer.from(body, 'base64').toString('utf8');
  }
  if (encoding === 'quoted-printable') {
    return decodeQuotedPrintable(body.replace(/=\r\n/g, ''));
  }
  return body;
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
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
          : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}
