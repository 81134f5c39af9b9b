import { authenticate, type DNSResolver } from 'mailauth';
import { cachedResolver } from './dns-cache.ts';
import { rawHeaders } from './raw-headers.ts';

/**
 * How far we trust the From address of an inbound mail (ANLAUF_MAIL_TRUST):
 * - verify: we check SPF, DKIM and DMARC ourselves (mailauth);
 * - mta: an MTA in front of us checked it and wrote an Authentication-Results header with its
 *   authserv-id (ANLAUF_MAIL_AUTHSERV_ID); we read only the topmost header with that id;
 * - none: every From is believed (the behaviour before verification existed).
 */
export type MailTrust = 'verify' | 'mta' | 'none';

export interface SenderVerificationOptions {
  trust: MailTrust;
  authservId?: string | undefined;
  /** DNS look-ups for mailauth; tests give a fake one, production the system's through a short cache (dns-cache.ts). */
  resolver?: DNSResolver | undefined;
  /** Our host name, written into the result summary. */
  mta: string;
}

export interface SenderVerification {
  /** The From address's domain is proven: aligned DMARC, DKIM or SPF pass. */
  verified: boolean;
  /** A short summary for admins, e.g. "dkim=pass (kunde.example); spf=none; dmarc=pass". */
  summary: string;
}

export interface MailClient {
  ip?: string | null | undefined;
  helo?: string | null | undefined;
  envelopeFrom?: string | null | undefined;
}

const domainOf = (address: string | undefined) => address?.split('@').pop()?.toLowerCase().replace(/[>\s]/g, '') ?? '';

/** Relaxed alignment (RFC 7489): the same domain, or one a subdomain of the other. */
export function aligned(a: string, b: string): boolean {
  if (!a || !b) return false;
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

export async function verifySender(raw: Buffer, from: string | undefined, client: MailClient, options: SenderVerificationOptions): Promise<SenderVerification> {
  if (options.trust === 'none') return { verified: true, summary: 'not checked (ANLAUF_MAIL_TRUST=none)' };
  if (!from) return { verified: false, summary: 'no From address' };
  if (options.trust === 'mta') return fromAuthenticationResults(raw, from, options.authservId ?? '');
  return withMailauth(raw, from, client, options);
}

async function withMailauth(raw: Buffer, from: string, client: MailClient, options: SenderVerificationOptions): Promise<SenderVerification> {
  const result = await authenticate(raw, {
    ...(client.ip ? { ip: client.ip } : {}),
    ...(client.helo ? { helo: client.helo } : {}),
    ...(client.envelopeFrom ? { sender: client.envelopeFrom } : {}),
    mta: options.mta,
    disableArc: true,
    disableBimi: true,
    resolver: options.resolver ?? cachedResolver,
  });
  const fromDomain = domainOf(from);
  const dkimPasses = result.dkim.results.filter((r) => r.status.result === 'pass');
  const dkimAligned = dkimPasses.some((r) => Boolean(r.status.aligned) || aligned(r.signingDomain.toLowerCase(), fromDomain));
  // Without an IP address (IMAP, imports) there is no SPF result worth the name.
  const spf = client.ip && result.spf ? result.spf : undefined;
  const spfAligned = spf?.status.result === 'pass' && aligned(domainOf(spf.domain), fromDomain);
  const dmarc = result.dmarc ? result.dmarc.status.result : 'none';
  // DMARC decides where the domain publishes a policy; otherwise an aligned DKIM or SPF pass.
  const verified = dmarc === 'pass' || (dmarc !== 'fail' && (dkimAligned || spfAligned));
  const summary = [
    `dkim=${dkimPasses.length ? `pass (${dkimPasses.map((r) => r.signingDomain).join(', ')})` : (result.dkim.results[0]?.status.result ?? 'none')}`,
    `spf=${spf?.status.result ?? 'none'}`,
    `dmarc=${dmarc}`,
  ].join('; ');
  return { verified, summary };
}

/** The verdict of our own MTA: the topmost Authentication-Results header with its authserv-id. */
function fromAuthenticationResults(raw: Buffer, from: string, authservId: string): SenderVerification {
  const ours = (rawHeaders(raw).get('authentication-results') ?? []).find((h) => h.split(';')[0]!.trim().split(/\s+/)[0]!.toLowerCase() === authservId.toLowerCase());
  if (!authservId || !ours) return { verified: false, summary: `no Authentication-Results from ${authservId || '(no authserv-id configured)'}` };
  const fromDomain = domainOf(from);
  const results = ours
    .split(';')
    .slice(1)
    .map((part) => {
      const method = /^\s*(\w+)\s*=\s*(\w+)/.exec(part);
      const property = (name: string) => new RegExp(`\\b${name.replace('.', '\\.')}\\s*=\\s*"?([^\\s;"]+)`, 'i').exec(part)?.[1]?.toLowerCase() ?? '';
      return {
        method: method?.[1]?.toLowerCase() ?? '',
        result: method?.[2]?.toLowerCase() ?? '',
        headerD: domainOf(property('header.d') || property('header.i')),
        mailFrom: domainOf(property('smtp.mailfrom')),
        headerFrom: domainOf(property('header.from')),
      };
    });
  const pass = (method: string) => results.filter((r) => r.method === method && r.result === 'pass');
  const verified =
    pass('dmarc').some((r) => !r.headerFrom || r.headerFrom === fromDomain) ||
    (!results.some((r) => r.method === 'dmarc' && r.result === 'fail') && (pass('dkim').some((r) => aligned(r.headerD, fromDomain)) || pass('spf').some((r) => aligned(r.mailFrom, fromDomain))));
  return { verified, summary: `${authservId}: ${results.map((r) => `${r.method}=${r.result}`).join('; ')}`.slice(0, 500) };
}
