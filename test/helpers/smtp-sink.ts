// An SMTP server on 127.0.0.1 that keeps every message it is given: mail tests assert on what it
// received, browser suites follow the links a reader receives by e-mail.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received { from: string | undefined; to: string[]; raw: string }
export interface Sink { server: SMTPServer; port: number; url: string; messages: Received[]; stop(): Promise<void> }

/** Starts a sink; pass `port` and `messages` to start one again where a stopped one was (an SMTP outage). */
export async function startSink(opts: { port?: number; messages?: Received[] } = {}): Promise<Sink> {
  const messages = opts.messages ?? [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false, closeTimeout: 2000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        messages.push({ from: from ? from.address : undefined, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    server, port, url: `smtp://127.0.0.1:${port}`, messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headers (unfolded) and the decoded text body of a single-part message. */
export function parseMessage(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = raw.slice(split + 4);
  const encoding = headers['content-transfer-encoding']?.toLowerCase();
  if (encoding === 'quoted-printable') {
    body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  } else if (encoding === 'base64') {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return { headers, text: body.replace(/\r\n/g, '\n') };
}

/** A header value with its MIME encoded-words (RFC 2047: "=?UTF-8?Q?…?=", "=?UTF-8?B?…?=") decoded. */
export function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([\w-]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, text: string) => (kind.toUpperCase() === 'B'
    ? Buffer.from(text, 'base64').toString('utf8')
    : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
}

/** A received mail's headers (decoded) and its parts: the text part, and the HTML part when it has one. */
export function parseMail(raw: string): { headers: Record<string, string>; text: string; html?: string } {
  const parsed = parseMessage(raw);
  const top = { ...parsed, headers: Object.fromEntries(Object.entries(parsed.headers).map(([k, v]) => [k, decodeWords(v)])) };
  const boundary = /boundary="?([^";]+)"?/i.exec(top.headers['content-type'] ?? '')?.[1];
  if (!boundary || !/^multipart\//i.test(top.headers['content-type'] ?? '')) return top;
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const parts = body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--')).map((p) => parseMessage(p.replace(/^\r\n/, '')));
  const of = (type: string) => parts.find((p) => (p.headers['content-type'] ?? '').toLowerCase().startsWith(type));
  return { headers: top.headers, text: of('text/plain')?.text ?? '', html: of('text/html')?.text };
}
