import dns from 'node:dns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cachedResolver } from './dns-cache.ts';

const failure = (code: string) => Object.assign(new Error(code), { code });

describe('DNS look-ups of sender verification', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks once per name and type, keeps "no such name", and asks again after a server failure', async () => {
    const resolve = vi.spyOn(dns.promises, 'resolve').mockImplementation((async (name: string) => {
      if (name.startsWith('missing')) throw failure('ENOTFOUND');
      if (name.startsWith('broken')) throw failure('ESERVFAIL');
      return [['v=spf1 -all']];
    }) as unknown as typeof dns.promises.resolve);

    const [a, b] = await Promise.all([cachedResolver('Cache-Test.example', 'TXT'), cachedResolver('cache-test.example', 'TXT')]);
    expect(a).toEqual([['v=spf1 -all']]);
    expect(b).toEqual(a);
    expect(b).not.toBe(a); // each caller gets its own copy
    await cachedResolver('cache-test.example', 'MX').catch(() => undefined);
    expect(resolve).toHaveBeenCalledTimes(2);

    for (let i = 0; i < 2; i++) await expect(cachedResolver('missing.cache-test.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(resolve).toHaveBeenCalledTimes(3);

    for (let i = 0; i < 2; i++) await expect(cachedResolver('broken.cache-test.example', 'TXT')).rejects.toMatchObject({ code: 'ESERVFAIL' });
    expect(resolve).toHaveBeenCalledTimes(5);
  });
});
