import { describe, expect, it } from 'vitest';
import { repeatInBackground } from './periodic.ts';

describe('repeatInBackground', () => {
  it('never runs two turns at once, goes on after an error, and stop waits for the turn under way', async () => {
    let running = 0;
    let most = 0;
    let turns = 0;
    const errors: unknown[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const stop = repeatInBackground(
      async () => {
        turns++;
        running++;
        most = Math.max(most, running);
        try {
          if (turns === 1) throw new Error('the first turn fails');
          // The second turn outlasts many ticks of the 5 ms interval.
          if (turns === 2) await held;
        } finally {
          running--;
        }
      },
      { everyMs: 5, atStart: true, onError: (error) => errors.push(error) },
    );
    while (turns < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(turns).toBe(2);
    expect(errors).toHaveLength(1);

    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    expect(most).toBe(1);
    // Nothing runs after stop.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(turns).toBe(2);
  });
});
