import dns from 'node:dns';
import type { DNSResolver } from 'mailauth';

/** How long an answer is reused: record changes (a new DKIM key, an SPF edit) count after at most this. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 5000;

const cache = new Map<string, { until: number; answer: Promise<unknown[]> }>();

/** "No such name" and "no such record" are answers too; a timeout or server failure is not kept. */
const isAnswer = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOTFOUND' || code === 'ENODATA';
};

/**
 * The DNS look-ups of sender verification (SPF, DKIM keys, DMARC), kept for a minute and shared
 * by concurrent look-ups of the same name. Mail arrives in bursts from few domains; without it
 * every mail waited for the same three or four queries, which bounded intake far below what the
 * database takes (the worker sat idle while waiting for DNS).
 */
export const cachedResolver: DNSResolver = (name, rrtype) => {
  const key = `${rrtype} ${name.toLowerCase()}`;
  const now = Date.now();
  let entry = cache.get(key);
  if (!entry || entry.until <= now) {
    const answer = dns.promises.resolve(name, rrtype) as Promise<unknown[]>;
    entry = { until: now + TTL_MS, answer };
    cache.delete(key);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
    const stored = entry;
    answer.catch((error: unknown) => {
      if (!isAnswer(error) && cache.get(key) === stored) cache.delete(key);
    });
  }
  // Each caller gets its own copy of the records.
  return entry.answer.then((records) => records.map((r) => (Array.isArray(r) ? [...(r as unknown[])] : typeof r === 'object' && r !== null ? { ...r } : r))) as ReturnType<DNSResolver>;
};
