import crypto from 'node:crypto';
import { authenticate, dkimSign, type DNSResolver } from 'mailauth';

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

/**
 * The mail with a DKIM signature of `domain` (by default the From address's domain).
 *
 * mailauth's signer writes an invalid signature for about one mail in 40 (seen 2026-11-30 with
 * mailauth 4.13.3: Python's dkimpy rejects the same bytes, so it is the signer, not our
 * verification). A genuine sender's server signs correctly, so a signature that does not check
 * out is made again (a second earlier, hence new bytes) instead of making tests flaky.
 */
export async function dkimSigned(raw: string | Buffer, domain?: string): Promise<Buffer> {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
  const signingDomain = domain ?? /^From:.*?@([^\s>]+)>?\s*$/im.exec(bytes.toString('latin1'))?.[1]?.toLowerCase();
  if (!signingDomain) throw new Error('dkimSigned: no From domain');
  const key = { signingDomain, selector: DKIM_SELECTOR, privateKey };
  const { resolver } = fakeDns();
  for (let attempt = 1; attempt <= 5; attempt++) {
    // mailauth 4 signs with the entries of signatureData (the top-level fields only satisfy its types).
    const result = await dkimSign(bytes, { ...key, signatureData: [key], signTime: new Date(Date.now() - (attempt - 1) * 1000) });
    if (result.errors.length) throw new Error(`dkimSigned: ${JSON.stringify(result.errors)}`);
    const signed = Buffer.concat([Buffer.from(result.signatures), bytes]);
    const check = await authenticate(signed, { resolver, disableArc: true, disableBimi: true, disableDmarc: true, trustReceived: false });
    if (check.dkim.results[0]?.status.result === 'pass') return signed;
  }
  throw new Error('dkimSigned: five signatures in a row did not verify');
}
