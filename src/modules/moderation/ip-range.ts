// IPv4 and IPv6 addresses against CIDR ranges ("203.0.113.0/24", "2001:db8::/32") or single addresses.
import net from 'node:net';

function toBigInt(ip: string): { value: bigint; bits: number } | undefined {
  const v4 = ip.startsWith('::ffff:') && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (net.isIPv4(v4)) {
    return { value: v4.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n), bits: 32 };
  }
  if (!net.isIPv6(ip)) return undefined;
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const parse = (s: string | undefined) => (s ? s.split(':') : []);
  let groups = parse(head);
  let rest = parse(tail);
  // An embedded IPv4 tail ("::ffff:1.2.3.4") becomes two groups.
  const expand = (g: string[]) => g.flatMap((x) => (net.isIPv4(x) ? (() => { const n = x.split('.').map(Number); return [((n[0]! << 8) | n[1]!).toString(16), ((n[2]! << 8) | n[3]!).toString(16)]; })() : [x]));
  groups = expand(groups);
  rest = expand(rest);
  const missing = 8 - groups.length - rest.length;
  const all = tail === undefined ? groups : [...groups, ...Array<string>(Math.max(0, missing)).fill('0'), ...rest];
  if (all.length !== 8) return undefined;
  return { value: all.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g || '0', 16)), 0n), bits: 128 };
}

export function isValidRange(range: string): boolean {
  const [addr, prefix] = range.split('/');
  const a = addr ? toBigInt(addr) : undefined;
  if (!a) return false;
  if (prefix === undefined) return true;
  const p = Number(prefix);
  return /^\d+$/.test(prefix) && p >= 0 && p <= a.bits;
}

export function ipInRange(ip: string, range: string): boolean {
  const [addr, prefix] = range.split('/');
  const a = toBigInt(ip);
  const r = addr ? toBigInt(addr) : undefined;
  if (!a || !r || a.bits !== r.bits) return false;
  const p = prefix === undefined ? r.bits : Number(prefix);
  if (!Number.isInteger(p) || p < 0 || p > r.bits) return false;
  const shift = BigInt(r.bits - p);
  return a.value >> shift === r.value >> shift;
}
