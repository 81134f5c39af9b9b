import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/database.ts';
import { NewestEvent } from './event-reading.ts';
import { LoopWakeUps } from './loop-wake-ups.ts';

/** How long `wait` took by the fake clock, and how it ended. */
async function timed(wakeUps: LoopWakeUps, name: string): Promise<{ ms: number; poked: boolean }> {
  const start = Date.now();
  const waiting = wakeUps.wait(name);
  await vi.runOnlyPendingTimersAsync();
  return { ms: Date.now() - start, poked: await waiting };
}

describe('the waits of subscriber loops between rounds', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  // The newest event is never read here: only its wake-ups are counted.
  const newWakeUps = () => new LoopWakeUps(new NewestEvent({} as Db, 1000), 1000);

  it('waits a poll interval, or until a poke, and counts pokes for a loop that was in a round', async () => {
    const wakeUps = newWakeUps();
    expect(await timed(wakeUps, 'a')).toEqual({ ms: 1000, poked: false });
    const before = wakeUps.pokes;
    const waiting = wakeUps.wait('a');
    wakeUps.poke();
    expect(await waiting).toBe(true);
    // A poke with no loop waiting is not lost: the loop compares the count after its round.
    wakeUps.poke();
    expect(wakeUps.pokes).toBe(before + 2);
  });

  it('looks again after 20 ms while events are held back, twice as long each time up to the poll interval, and waits normally once they were read', async () => {
    const wakeUps = newWakeUps();
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      wakeUps.firstRead('a', 'held back');
      const { ms, poked } = await timed(wakeUps, 'a');
      expect(poked).toBe(true);
      waits.push(ms);
    }
    expect(waits).toEqual([20, 40, 80, 160, 320, 640, 1000, 1000]);
    // Another subscriber's waits are its own.
    expect(await timed(wakeUps, 'b')).toEqual({ ms: 1000, poked: false });
    wakeUps.firstRead('a', 'read');
    expect(await timed(wakeUps, 'a')).toEqual({ ms: 1000, poked: false });
    wakeUps.firstRead('a', 'held back');
    wakeUps.firstRead('a', 'nothing new');
    expect(await timed(wakeUps, 'a')).toEqual({ ms: 1000, poked: false });
  });
});
