import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchingStep, otpauthUrl, totpAt } from './totp.ts';

describe('HOTP and TOTP', () => {
  it('gives the RFC 4226 appendix D values', () => {
    const key = Buffer.from('12345678901234567890');
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(key, counter))).toEqual(expected);
  });

  it('gives the RFC 6238 appendix B values (SHA-1, SHA-256, SHA-512; 8 digits)', () => {
    const sha1 = Buffer.from('12345678901234567890');
    const sha256 = Buffer.from('12345678901234567890123456789012');
    const sha512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');
    const cases: Array<[number, string, string, string]> = [
      [59, '94287082', '46119246', '90693936'],
      [1111111109, '07081804', '68084774', '25091201'],
      [1111111111, '14050471', '67062674', '99943326'],
      [1234567890, '89005924', '91819424', '93441116'],
      [2000000000, '69279037', '90698825', '38618901'],
      [20000000000, '65353130', '77737706', '47863826'],
    ];
    for (const [seconds, a, b, c] of cases) {
      const step = Math.floor(seconds / 30);
      expect([hotp(sha1, step, 8), hotp(sha256, step, 8, 'sha256'), hotp(sha512, step, 8, 'sha512')]).toEqual([a, b, c]);
    }
  });

  it('round-trips base32 and accepts one step of drift either way, not two', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(secret).toString()).toBe('12345678901234567890');
    const now = 1_700_000_000_000;
    expect(matchingStep(secret, totpAt(secret, now - 30_000), now)).toBe(Math.floor(now / 30_000) - 1);
    expect(matchingStep(secret, totpAt(secret, now + 30_000), now)).toBe(Math.floor(now / 30_000) + 1);
    expect(matchingStep(secret, totpAt(secret, now - 60_000), now)).toBeNull();
    expect(matchingStep(secret, 'abcdef', now)).toBeNull();
  });

  it('writes an otpauth URL authenticator apps read', () => {
    expect(otpauthUrl('ABC', 'karl@example.test')).toBe('otpauth://totp/Anlauf%3Akarl%40example.test?secret=ABC&issuer=Anlauf&algorithm=SHA1&digits=6&period=30');
  });
});
