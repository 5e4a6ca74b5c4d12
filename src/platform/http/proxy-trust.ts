// Which X-Forwarded-For entry is the client. X-Forwarded-For is a list every proxy appends to, so
// only the entries added by proxies we trust are worth anything: the client address is the
// right-most entry that was not written by a trusted proxy, read from the socket leftwards.
// (Fastify's `trustProxy: true` trusts every hop and so takes the left-most entry, which the
// client writes itself; a number there trusts nothing in Fastify 5.)
import net from 'node:net';

export type ProxyTrust =
  | { kind: 'none' }
  /** Exactly this many proxies stand in front of the app; the socket peer is the nearest. */
  | { kind: 'hops'; hops: number }
  /** Proxies are known by address or range (CIDR). */
  | { kind: 'addresses'; ranges: string[] };

/** What `TRUST_PROXY=true` trusts: loopback and the private ranges (RFC 1918, IPv6 unique local). */
export const PRIVATE_RANGES = ['127.0.0.0/8', '::1/128', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

const MAX_HOPS = 10;

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) → `10.0.0.1`. */
function plainAddress(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

/**
 * Checks one "address" or "address/prefix"; returns the problem, or undefined when it is fine.
 * An IPv4-mapped IPv6 address (::ffff:10.0.0.1) counts as the IPv4 address, prefix included.
 */
function rangeProblem(entry: string): string | undefined {
  const [address = '', prefix, extra] = entry.split('/');
  const family = net.isIP(plainAddress(address));
  if (family === 0 || extra !== undefined) return `"${entry}" is not an IP address or CIDR range`;
  if (prefix === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (!/^\d+$/.test(prefix) || Number(prefix) > bits) return `"${entry}" has a bad prefix length (0–${bits})`;
  if (Number(prefix) === 0) return `"${entry}" would trust every address`;
  return undefined;
}

/**
 * Reads TRUST_PROXY: `false` (or `0`), `true` (loopback and private ranges), a hop count (`1`), or a
 * comma-separated list of addresses and CIDR ranges. Throws an Error naming what is wrong.
 */
export function parseProxyTrust(value: string): ProxyTrust {
  const v = value.trim().toLowerCase();
  if (v === 'false' || v === '0') return { kind: 'none' };
  if (v === 'true') return { kind: 'addresses', ranges: PRIVATE_RANGES };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > MAX_HOPS) throw new Error(`a hop count must be between 1 and ${MAX_HOPS}`);
    return { kind: 'hops', hops };
  }
  const ranges = value.split(',').map((s) => s.trim());
  if (ranges.some((r) => r === '')) throw new Error('must be true, false, a hop count or a comma-separated list of addresses/CIDR ranges without empty entries');
  const problems = ranges.map(rangeProblem).filter((p) => p !== undefined);
  if (problems.length) {
    throw new Error(`must be true, false, a hop count or a comma-separated list of addresses/CIDR ranges: ${problems.join('; ')}`);
  }
  return { kind: 'addresses', ranges };
}

/**
 * The trust function for Fastify's `trustProxy` option: called with each address from the socket
 * leftwards through X-Forwarded-For (hop 0 is the socket peer); the first untrusted one is the client.
 * `false` when no proxy is trusted (X-Forwarded-For is ignored).
 */
export function proxyTrustFunction(trust: ProxyTrust): false | ((address: string, hop: number) => boolean) {
  if (trust.kind === 'none') return false;
  if (trust.kind === 'hops') {
    const hops = trust.hops;
    return (_address, hop) => hop < hops;
  }
  const list = new net.BlockList();
  for (const entry of trust.ranges) {
    const [raw = '', prefix] = entry.split('/');
    const address = plainAddress(raw);
    const type = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const a = withoutPort(address);
    const family = net.isIP(a);
    return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * An X-Forwarded-For entry or socket address as a plain IP: a port that some proxies append to the addresses
 * they forward (`203.0.113.9:51234`, `[2001:db8::9]:443`) is dropped, and an IPv4-mapped IPv6 address is the
 * IPv4 address. Anything else is returned as it came.
 */
function withoutPort(address: string): string {
  if (net.isIP(address) !== 0) return plainAddress(address);
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d{1,5}$/.exec(address);
  if (v4 && net.isIP(v4[1]!) === 4) return v4[1]!;
  const v6 = /^\[([0-9a-f:.]+)\]:\d{1,5}$/i.exec(address);
  if (v6 && net.isIP(v6[1]!) === 6) return plainAddress(v6[1]!);
  return address;
}

/** The client's address as a plain IP (see withoutPort), for rate limits, bans and network keys. */
export function clientAddress(req: { ip: string }): string {
  return withoutPort(req.ip);
}
