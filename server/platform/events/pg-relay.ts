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
          const parsed = JSON.parse(payload) as LiveEvent | RelayedBatch;
          for (const event of 'events' in parsed ? parsed.events : [parsed]) deps.events.deliver(event);
        } catch (error) {
          deps.log?.warn({ err: error }, 'dropped a malformed live event');
        }
      },
    },
    ...(deps.log ? { log: deps.log } : {}),
  });
  // The events published in one turn of the event loop (a chunk of ticket events delivered by
  // the live-events subscriber) go out in one statement: one NOTIFY per event was a round trip
  // and a transaction each, one per created ticket.
  let waiting: LiveEvent[] = [];
  let batches = 0;
  const flush = () => {
    const events = waiting;
    waiting = [];
    const payloads = relayPayloads(events, () => batches++);
    sql`SELECT pg_notify(${EVENT_CHANNEL}, payload) FROM unnest(${payloads}::text[]) WITH ORDINALITY AS p(payload, n) ORDER BY n`.execute(deps.db).catch((error: unknown) => {
      // Better this process's browsers than none: deliver locally when NOTIFY fails.
      deps.log?.warn({ err: error }, 'could not relay live events; delivering locally');
      for (const event of events) deps.events.deliver(event);
    });
  };
  deps.events.setRelay((event) => {
    if (waiting.length === 0) setImmediate(flush);
    waiting.push(event);
  });

  return async () => {
    deps.events.setRelay(undefined);
    await stopListening();
  };
}

/** Several live events in one NOTIFY; `batch` makes each payload unique (PostgreSQL folds equal payloads of one transaction into one). */
interface RelayedBatch {
  batch: number;
  events: LiveEvent[];
}

/** NOTIFY payloads must stay under 8,000 bytes. */
const PAYLOAD_BYTES = 7_500;

/** The events as few payloads under the size limit, in order (one too large alone goes alone, and NOTIFY refuses it as before). */
export function relayPayloads(events: LiveEvent[], nextBatch: () => number): string[] {
  const payloads: string[] = [];
  let part: string[] = [];
  let bytes = 0;
  const close = () => {
    if (part.length > 0) payloads.push(`{"batch":${nextBatch()},"events":[${part.join(',')}]}`);
    part = [];
    bytes = 0;
  };
  for (const event of events) {
    const json = JSON.stringify(event);
    const size = Buffer.byteLength(json) + 1;
    if (bytes + size > PAYLOAD_BYTES - 40) close();
    part.push(json);
    bytes += size;
  }
  close();
  return payloads;
}
