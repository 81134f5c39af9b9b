import crypto from 'node:crypto';
import { dkimSign, type DNSResolver } from 'mailauth';

/**
 * DNS for mail authentication tests without a network: a real RSA key pair, its public half
 * published as "anlauf-test._domainkey.<any domain>", plus whatever TXT records a test adds
 * (SPF, DMARC). mailauth does the real verification against it.
 */
export const DKIM_SELECTOR = 'anlauf-test';
const keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKey = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

export function fakeDns(records: Record<string, string> = {}): { resolver: DNSResolver; records: Record<string, string> } {
  const resolver: DNSResolver = async (name, rrtype) => {
    const lower = name.toLowerCase();
    if (rrtype === 'TXT' && lower.startsWith(`${DKIM_SELECTOR}._domainkey.`)) return [[`v=DKIM1; k=rsa; p=${publicKey}`]];
    const record = records[lower];
    if (rrtype === 'TXT' && record) return [[record]];
    throw Object.assign(new Error(`${name} ${rrtype}: not found`), { code: 'ENOTFOUND' });
  };
  return { resolver, records };
}

/** The mail with a DKIM signature of `domain` (by default the From address's domain). */
export async function dkimSigned(raw: string | Buffer, domain?: string): Promise<Buffer> {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
  const signingDomain = domain ?? /^From:.*?@([^\s>]+)>?\s*$/im.exec(bytes.toString('latin1'))?.[1]?.toLowerCase();
  if (!signingDomain) throw new Error('dkimSigned: no From domain');
  const key = { signingDomain, selector: DKIM_SELECTOR, privateKey };
  // mailauth 4 signs with the entries of signatureData (the top-level fields only satisfy its types).
  const result = await dkimSign(bytes, { ...key, signatureData: [key] });
  if (result.errors.length) throw new Error(`dkimSigned: ${JSON.stringify(result.errors)}`);
  return Buffer.concat([Buffer.from(result.signatures), bytes]);
}
