import { describe, expect, it } from 'vitest';
import { remembered } from './remembered.ts';

describe('remembered', () => {
  it('computes a key once, keeps null and falsy results, and forgets everything at its limit', () => {
    let computed = 0;
    const recall = remembered<string, number | null>(3);
    const value = (key: string, result: number | null) =>
      recall(key, () => {
        computed++;
        return result;
      });
    expect(value('a', 0)).toBe(0);
    expect(value('a', 99)).toBe(0);
    expect(value('b', null)).toBeNull();
    expect(value('b', 5)).toBeNull();
    expect(computed).toBe(2);
    value('c', 3);
    // The fourth key finds three kept: all are forgotten, and "a" is computed again.
    value('d', 4);
    expect(value('a', 7)).toBe(7);
    expect(computed).toBe(5);
  });
});
