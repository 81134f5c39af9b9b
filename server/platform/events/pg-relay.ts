import pg from 'pg';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Db, Dialect } from '../db/database.ts';
import type { EventBus, LiveEvent } from './event-bus.ts';

export const EVENT_CHANNEL = 'anlauf_live_events';
const RECONNECT_MS = 2000;

export interface EventRelayDeps {
  db: Db;
  dialect: Dialect;
  config: Pick<Config, 'databaseUrl'>;
  events: EventBus;
  log?: { warn(obj: unknown, msg?: string): void };
}

/**
 * Fans live events out to every web process on PostgreSQL: publishing sends NOTIFY, and one
 * dedicated LISTEN connection per process delivers what any process (this one included)
 * published. On SQLite there is only one process, so the bus stays local.
 * Returns how to stop the relay.
 */
export async function startEventRelay(deps: EventRelayDeps): Promise<() => Promise<void>> {
  if (deps.dialect !== 'postgres' || !deps.config.databaseUrl) return async () => {};
  const url = deps.config.databaseUrl;
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel !== EVENT_CHANNEL || !message.payload) return;
      try {
        deps.events.deliver(JSON.parse(message.payload) as LiveEvent);
      } catch (error) {
        deps.log?.warn({ err: error }, 'dropped a malformed live event');
      }
    });
    next.on('error', (error) => {
      deps.log?.warn({ err: error }, 'live event relay lost its connection; reconnecting');
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      scheduleReconnect();
    });
    await next.connect();
    await next.query(`LISTEN ${EVENT_CHANNEL}`);
    client = next;
  };
  const scheduleReconnect = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((error: unknown) => {
        deps.log?.warn({ err: error }, 'live event relay could not reconnect');
        scheduleReconnect();
      });
    }, RECONNECT_MS);
    retry.unref();
  };

  await connect();
  deps.events.setRelay((event) => {
    sql`SELECT pg_notify(${EVENT_CHANNEL}, ${JSON.stringify(event)})`.execute(deps.db).catch((error: unknown) => {
      // Better this process's browsers than none: deliver locally when NOTIFY fails.
      deps.log?.warn({ err: error }, 'could not relay a live event; delivering locally');
      deps.events.deliver(event);
    });
  });

  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    deps.events.setRelay(undefined);
    await client?.end().catch(() => undefined);
    client = undefined;
  };
}
