import type { NewestEvent } from './event-reading.ts';

/** The first wait before looking again for events an older running transaction holds back. */
const HELD_BACK_FIRST_MS = 20;

/**
 * How the dispatcher's subscriber loops wait between rounds (dispatcher.ts): until a poke (a
 * commit here, a NOTIFY from another process) or a poll interval. Two ways a loop could sleep
 * through events it should deliver are closed here:
 * - a poke that came while the loop was in a round, after its look at the outbox, found no
 *   loop waiting: the loop compares `pokes` before and after its round and goes round again;
 * - events an older running transaction held back (PostgreSQL, event-reading.ts): its end
 *   records no event and tells nobody, so such a loop looks again after 20 ms, then twice as
 *   long each time, up to the poll interval.
 */
export class LoopWakeUps {
  private readonly waiting = new Set<() => void>();
  /** Pokes so far. */
  pokes = 0;
  /** Rounds in a row, per subscriber, that found the newest event past the cursor but could read none. */
  private readonly heldBack = new Map<string, number>();

  constructor(
    private readonly newest: NewestEvent,
    private readonly idleMs: number,
  ) {}

  /** Wakes every waiting loop; the next look reads the newest event again. */
  poke(): void {
    this.pokes++;
    this.newest.wake();
    for (const wake of [...this.waiting]) wake();
  }

  /**
   * What a round found first: nothing new (the newest event is not past the cursor), events read,
   * or none read though the newest event lies past the cursor (held back).
   */
  firstRead(name: string, found: 'nothing new' | 'read' | 'held back'): void {
    if (found === 'held back') this.heldBack.set(name, (this.heldBack.get(name) ?? 0) + 1);
    else this.heldBack.delete(name);
  }

  /** Waits for a poke or the time to look again (true), or a whole poll interval (false). */
  wait(name: string): Promise<boolean> {
    const heldBack = this.heldBack.get(name) ?? 0;
    return new Promise<boolean>((resolve) => {
      const done = (byPoke: boolean) => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve(byPoke);
      };
      const wake = () => done(true);
      // Either way the newest event is read again once the last read is half a poll interval old.
      const timer =
        heldBack > 0
          ? setTimeout(
              () => {
                this.newest.idleTimerRanOut();
                done(true);
              },
              Math.min(this.idleMs, HELD_BACK_FIRST_MS * 2 ** (heldBack - 1)),
            )
          : setTimeout(() => {
              this.newest.idleTimerRanOut();
              done(false);
            }, this.idleMs);
      this.waiting.add(wake);
    });
  }
}
