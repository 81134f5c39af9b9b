import dns from 'node:dns';
import net from 'node:net';

/**
 * Webhook targets must be on the public internet: an admin (or whoever took over an admin
 * session) must not make the server call into its own network (metadata services, databases,
 * admin panels on localhost). Checked when a webhook is saved and again at every delivery on
 * the very addresses the connection uses (a name may resolve elsewhere later: DNS rebinding).
 * ANLAUF_WEBHOOK_ALLOW_PRIVATE=1 switches the check off.
 */

const V4_BLOCKED: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 reaches localhost
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

function v4Number(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function isBlockedV4(ip: string): boolean {
  const n = v4Number(ip);
  return V4_BLOCKED.some(([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(v4Number(base) / 2 ** (32 - bits)));
}

/** The 16 bytes of an IPv6 address (any spelling, with or without an embedded IPv4 tail). */
function v6Bytes(ip: string): number[] {
  let text = ip.toLowerCase().replace(/%.*$/, '');
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    const n = v4Number(v4Tail[1]!);
    text = `${text.slice(0, -v4Tail[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.flatMap((g) => {
    const v = parseInt(g || '0', 16);
    return [v >> 8, v & 255];
  });
}

function isBlockedV6(ip: string): boolean {
  const b = v6Bytes(ip);
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const embeddedV4 = () => b.slice(12, 16).join('.');
  if (zeros(0, 16)) return true; // ::
  if (zeros(0, 15) && b[15] === 1) return true; // ::1
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return isBlockedV4(embeddedV4()); // ::ffff:a.b.c.d
  if (zeros(0, 12)) return true; // ::a.b.c.d (deprecated IPv4-compatible)
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return isBlockedV4(embeddedV4()); // 64:ff9b::/96 NAT64
  if (b[0] === 0x20 && b[1] === 0x02) return isBlockedV4(b.slice(2, 6).join('.')); // 2002::/16 6to4
  if ((b[0]! & 0xfe) === 0xfc) return true; // fc00::/7 unique local
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return true; // fe80::/10 link-local
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return true; // fec0::/10 site-local (deprecated)
  if (b[0] === 0xff) return true; // multicast
  return false;
}

/** True for loopback, private, link-local, unspecified and other non-public addresses. */
export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return isBlockedV4(ip);
  if (family === 6) return isBlockedV6(ip);
  return true;
}

export class RefusedTarget extends Error {}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** A literal address or a name that stands for this machine. */
function refusedWithoutLookup(host: string): boolean {
  if (net.isIP(host)) return isPrivateAddress(host);
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || !name.includes('.');
}

/**
 * Saving a webhook: refuses literal private addresses, local names and names that resolve to a
 * private address now. A name that does not resolve yet is accepted (delivery checks again).
 */
export async function checkWebhookTarget(rawUrl: string, allowPrivate: boolean): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'Not a URL.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Only http and https addresses.';
  if (url.username || url.password) return 'No user name or password in the address; sign with the secret instead.';
  if (allowPrivate) return null;
  const host = hostOf(url);
  if (refusedWithoutLookup(host)) return 'Private, loopback and local addresses are not allowed.';
  if (net.isIP(host)) return null;
  const addresses = await resolveWithin(host, 3000).catch(() => []);
  return addresses.some((a) => isPrivateAddress(a.address)) ? 'The name resolves to a private address.' : null;
}

async function resolveWithin(host: string, ms: number): Promise<dns.LookupAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('DNS timeout')), ms)));
  try {
    return await Promise.race([dns.promises.lookup(host, { all: true, verbatim: true }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Refuses a delivery URL whose host is a literal private address (names are checked in `guardedLookup`). */
export function assertDeliverableHost(url: URL, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const host = hostOf(url);
  if (refusedWithoutLookup(host)) throw new RefusedTarget(`Refused: ${host} is a private, loopback or local address.`);
}

/**
 * The DNS lookup of a delivery's connection: resolves and refuses when any address is private,
 * so the address checked is the address connected to (no second lookup to rebind).
 */
export function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(Object.assign(new RefusedTarget(`Refused: ${hostname} resolves to the private address ${bad.address}.`), { code: 'EREFUSEDTARGET' }), '', 0);
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
