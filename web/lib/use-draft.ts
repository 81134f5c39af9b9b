import { useCallback, useEffect, useState } from 'react';

/** A text kept in localStorage as it is typed, so a failed send or a reload never loses it. */
export function useDraft(key: string): [string, (value: string) => void, () => void] {
  const [value, setValue] = useState(() => read(key));
  useEffect(() => setValue(read(key)), [key]);
  const update = useCallback(
    (next: string) => {
      setValue(next);
      try {
        if (next) localStorage.setItem(key, next);
        else localStorage.removeItem(key);
      } catch {
        // Storage full or disabled: the text stays in memory.
      }
    },
    [key],
  );
  const clear = useCallback(() => update(''), [update]);
  return [value, update, clear];
}

function read(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}
