import { describe, expect, it } from 'vitest';
import { startRequestThread } from './request-thread.ts';

const DOUBLER = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ id, input }) => {
  if (input < 0) parentPort.postMessage({ id, error: 'negative: ' + input });
  else parentPort.postMessage({ id, result: input * 2 });
});
`;

describe('a request thread', () => {
  it('answers requests side by side, passes errors on, and refuses work once stopped', async () => {
    const thread = startRequestThread<number, number>({ code: DOUBLER, name: 'The doubling thread' });
    expect(await Promise.all([1, 2, 3].map((n) => thread.call(n)))).toEqual([2, 4, 6]);
    await expect(thread.call(-1)).rejects.toThrow('negative: -1');
    await thread.stop();
    await expect(thread.call(4)).rejects.toThrow('The doubling thread is shut down.');
  });

  it('hands its requests to the fallback when its code cannot load', async () => {
    const reasons: string[] = [];
    const thread = startRequestThread<number, number>({ code: 'throw new Error("cannot load")', name: 'The broken thread', fallback: async (n) => n + 100, onFallback: (r) => reasons.push(r) });
    expect(await thread.call(1)).toBe(101);
    expect(await thread.call(2)).toBe(102);
    expect(reasons).toEqual(['cannot load']);
  });
});
