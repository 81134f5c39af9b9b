import { describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase } from '../../test/test-database.ts';
import { EventBus, type LiveEvent } from './event-bus.ts';
import { startEventRelay } from './pg-relay.ts';

const sample = (ticketId: number): LiveEvent => ({
  type: 'ticket.updated',
  ticketId,
  groupId: 1,
  requesterId: 2,
  organisationId: null,
  agentsOnly: false,
  actorId: 3,
  data: { groupIdBefore: 4 },
});

function nextEvent(bus: EventBus, ticketId: number): Promise<LiveEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`event for ticket ${ticketId} did not arrive`)), 10_000);
    const off = bus.subscribe((event) => {
      if (event.ticketId !== ticketId) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

describe.each(DIALECTS)('live event relay on %s', (dialect) => {
  it('carries an event published in one process to every process', async () => {
    const database = await createTestDatabase(dialect);
    const first = new EventBus();
    const second = new EventBus();
    const config = { databaseUrl: database.databaseUrl };
    const stopFirst = await startEventRelay({ db: database.handle.db, dialect, config, events: first });
    const stopSecond = await startEventRelay({ db: database.handle.db, dialect, config, events: second });
    try {
      const inFirst = nextEvent(first, 101);
      if (dialect === 'postgres') {
        // Two buses on one database stand for two web processes.
        const inSecond = nextEvent(second, 101);
        first.publish(sample(101));
        expect(await inFirst).toEqual(sample(101));
        expect(await inSecond).toEqual(sample(101));
        const back = nextEvent(first, 102);
        second.publish(sample(102));
        expect(await back).toEqual(sample(102));
        // Many events at once (a chunk of ticket events) travel together, split under NOTIFY's
        // size limit, and arrive complete and in order; so do two equal ones.
        const many = Array.from({ length: 60 }, (_, i) => ({ ...sample(200 + i), data: { note: 'x'.repeat(400) } }));
        const arrived: LiveEvent[] = [];
        const off = second.subscribe((event) => {
          if (event.ticketId >= 200) arrived.push(event);
        });
        const last = nextEvent(second, 259);
        for (const event of [...many, many[59]!]) first.publish(event);
        await last;
        await new Promise((resolve) => setTimeout(resolve, 200));
        off();
        expect(arrived).toEqual([...many, many[59]]);
      } else {
        // SQLite means one process: the bus stays local.
        first.publish(sample(101));
        expect(await inFirst).toEqual(sample(101));
      }
    } finally {
      await stopFirst();
      await stopSecond();
      await database.drop();
    }
    // Stopped: the bus delivers locally again.
    const local = nextEvent(first, 103);
    first.publish(sample(103));
    expect(await local).toEqual(sample(103));
  });
});
