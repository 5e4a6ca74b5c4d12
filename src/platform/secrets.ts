// Random tokens and their digests. Only digests are stored; a stolen database reveals no usable token.
import crypto from 'node:crypto';

export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');
export const digest = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * A secret token as it may be written into a page: XOR-ed with a fresh random pad and sent with it, so
 * it reads differently in every response. A compressed page that also reflects a visitor's input then
 * leaks nothing about the token through its size (BREACH).
 */
export function maskToken(token: string): string {
  const raw = Buffer.from(token, 'base64url');
  const pad = crypto.randomBytes(raw.length);
  return Buffer.concat([pad, Buffer.from(raw.map((b, i) => b ^ pad[i]!))]).toString('base64url');
}

/** The token inside a masked one; undefined when the value cannot be one. */
export function unmaskToken(masked: string): string | undefined {
  const both = Buffer.from(masked, 'base64url');
  if (both.length === 0 || both.length % 2 !== 0) return undefined;
  const half = both.length / 2;
  return Buffer.from(both.subarray(half).map((b, i) => b ^ both[i]!)).toString('base64url');
}

/**
 * Links that name a record by id and prove they were made by this site: `<id>.<mac>`, the MAC under a key of
 * its own derived from the site's secret for one purpose (a link made for one purpose opens nothing else).
 */
export function idSigner(secret: string, purpose: string) {
  const key = crypto.createHmac('sha256', secret).update(`gazette ${purpose} links`).digest();
  const mac = (id: number) => crypto.createHmac('sha256', key).update(String(id)).digest('base64url').slice(0, 32);
  return {
    token: (id: number) => `${id}.${mac(id)}`,
    /** The id a token names, or undefined for a token this site did not make for this purpose. */
    idOf(token: string): number | undefined {
      const m = /^(\d{1,12})\.([\w-]{32})$/.exec(token);
      if (!m) return undefined;
      const id = Number(m[1]);
      return safeEqual(mac(id), m[2]!) ? id : undefined;
    },
  };
}
