import { createRequire } from 'node:module';
import type pgModule from 'pg';

let pgLoaded: typeof pgModule | undefined;

/**
 * pg, loaded on first use: a command on SQLite (an MTA's pipe delivery) does not pay for it.
 *
 * At load, pg asks whether it runs in a Cloudflare Worker: where there is no `navigator` (Node
 * 20), it builds a fetch `Response` to find out, which loads Node's whole fetch implementation
 * (undici) and took 28 ms of every start on PostgreSQL (`hyperfine`, `require('pg')` 154 → 126
 * ms, `node -e 0` 98). A `navigator` that says what we are answers the question; it exists only
 * while pg loads, so nothing else sees a global that Node 20 does not have.
 */
export function loadPg(): typeof pgModule {
  if (pgLoaded) return pgLoaded;
  const g = globalThis as { navigator?: unknown };
  const lent = g.navigator === undefined;
  if (lent) g.navigator = { userAgent: `Node.js/${process.versions.node}` };
  try {
    pgLoaded = createRequire(import.meta.url)('pg') as typeof pgModule;
  } finally {
    if (lent) delete g.navigator;
  }
  // COUNT(*) and BIGINT come back as strings from pg by default; our counts fit in a JS number.
  pgLoaded.types.setTypeParser(20, (v) => Number(v));
  return pgLoaded;
}

/** DATABASE_URL, checked before pg sees it (pg reads any text as a connection string). */
export function checkedDatabaseUrl(databaseUrl: string): string {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must start with postgres:// (SQLite is used when it is unset)');
  return databaseUrl;
}
