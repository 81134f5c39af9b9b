/**
 * A cache of results that are cheap to compute again: `recall(key, compute)` returns what was
 * computed for `key` before, or computes and keeps it. Once `limit` results are kept it forgets
 * them all, which bounds the memory without the bookkeeping of an LRU; the callers' keys repeat
 * a lot (words, statement texts, calendar days), so it fills again at once.
 */
export function remembered<K, V>(limit: number): (key: K, compute: () => V) => V {
  const kept = new Map<K, V>();
  return (key, compute) => {
    if (kept.has(key)) return kept.get(key) as V;
    const value = compute();
    if (kept.size >= limit) kept.clear();
    kept.set(key, value);
    return value;
  };
}
