import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Db, Dialect } from '../db/database.ts';
import { listen } from '../db/pg-listen.ts';
import type { EventBus, LiveEvent } from './event-bus.ts';

export const EVENT_CHANNEL = 'anlauf_live_events';

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
  const stopListening = await listen({
    databaseUrl: deps.config.databaseUrl,
    channels: {
      [EVENT_CHANNEL]: (payload) => {
        try {
          deps.events.deliver(JSON.parse(payload) as LiveEvent);
        } catch (error) {
          deps.log?.warn({ err: error }, 'dropped a malformed live event');
        }
      },
    },
    ...(deps.log ? { log: deps.log } : {}),
  });
  deps.events.setRelay((event) => {
    sql`SELECT pg_notify(${EVENT_CHANNEL}, ${JSON.stringify(event)})`.execute(deps.db).catch((error: unknown) => {
      // Better this process's browsers than none: deliver locally when NOTIFY fails.
      deps.log?.warn({ err: error }, 'could not relay a live event; delivering locally');
      deps.events.deliver(event);
    });
  });

  return async () => {
    deps.events.setRelay(undefined);
    await stopListening();
  };
}
