import type SQLite from 'better-sqlite3';
import type { Db, Dialect } from '../../platform/db/database.ts';
import { DEMO_AGENTS, DEMO_CUSTOMER, DEMO_PASSWORDS } from './demo-catalogue.ts';
import { ensureDemoDirectory } from './demo-directory.ts';
import { loadTickets } from './load-tickets.ts';

export interface DemoSummary {
  tickets: number;
  messages: number;
  created: { organisations: number; groups: number; users: number; categories: number };
  agent: { email: string; password: string };
  customer: { email: string; password: string };
  ms: number;
}

/**
 * Loads the demo: what is missing of the company, teams, people and catalogue, plus `tickets`
 * new tickets. Safe to run again: existing people and teams are kept, tickets are added.
 */
export async function runDemo(db: Db, dialect: Dialect, options: { tickets: number; sqlite?: SQLite.Database | undefined }): Promise<DemoSummary> {
  const started = performance.now();
  const directory = await ensureDemoDirectory(db, { requesters: 200 });
  // A different seed per run, so that a second run adds different tickets.
  const existing = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const loaded = await loadTickets(db, dialect, options.tickets, { directory, seed: Number(existing.n) + 1, sqlite: options.sqlite });
  return {
    tickets: loaded.tickets,
    messages: loaded.messages,
    created: directory.created,
    agent: { email: DEMO_AGENTS[0]!.email, password: DEMO_PASSWORDS.agent },
    customer: { email: DEMO_CUSTOMER.email, password: DEMO_PASSWORDS.customer },
    ms: performance.now() - started,
  };
}
