import { describe, expect, it } from 'vitest';
import { checkWebhookTarget, guardedLookup, isPrivateAddress } from './target-address.ts';

describe('webhook target addresses', () => {
  it('refuses loopback, private, link-local and unspecified addresses in every spelling', () => {
    const refused = [
      '127.0.0.1',
      '127.255.0.9',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.178.1',
      '169.254.169.254',
      '100.64.0.1',
      '::1',
      '::',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'fe80::1%eth0',
      '64:ff9b::a00:1',
      '2002:c0a8:0101::1',
      'ff02::1',
    ];
    expect(refused.filter((ip) => !isPrivateAddress(ip))).toEqual([]);
    const allowed = ['8.8.8.8', '172.32.0.1', '192.169.0.1', '203.0.113.10', '2001:4860:4860::8888', '::ffff:8.8.8.8', '2a00:1450::1'];
    expect(allowed.filter((ip) => isPrivateAddress(ip))).toEqual([]);
  });

  it('checks the URL when a webhook is saved (without the switch), and lets everything through with it', async () => {
    expect(await checkWebhookTarget('http://127.0.0.1:8080/hook', false)).toMatch(/not allowed/);
    expect(await checkWebhookTarget('http://[::ffff:127.0.0.1]/hook', false)).toMatch(/not allowed/);
    expect(await checkWebhookTarget('http://[::1]/hook', false)).toMatch(/not allowed/);
    expect(await checkWebhookTarget('http://localhost/hook', false)).toMatch(/not allowed/);
    expect(await checkWebhookTarget('http://2130706433/hook', false)).toMatch(/not allowed/); // 127.0.0.1 as a number
    expect(await checkWebhookTarget('ftp://203.0.113.10/hook', false)).toMatch(/http/);
    expect(await checkWebhookTarget('https://203.0.113.10/hook', false)).toBeNull();
    expect(await checkWebhookTarget('http://127.0.0.1:8080/hook', true)).toBeNull();
  });
});

describe('the lookup of a delivery', () => {
  const lookup = (allowPrivate: boolean, host: string) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) => guardedLookup(allowPrivate)(host, {}, (error, address) => resolve({ error, address })));

  it('refuses a name that resolves to a loopback address (what a rebinding name does), unless allowed', async () => {
    const refused = await lookup(false, 'localhost');
    expect(refused.error?.code).toBe('EREFUSEDTARGET');
    const allowed = await lookup(true, 'localhost');
    expect(allowed.error).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(allowed.address);
  });
});
