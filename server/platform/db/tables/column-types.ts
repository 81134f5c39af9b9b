import type { ColumnType, Generated } from 'kysely';

/**
 * Column types shared by every table file. Times are ISO 8601 UTC strings
 * ("2026-11-27T05:00:00.000Z") on both databases so that comparison and keyset paging behave the
 * same; booleans are 0/1 integers.
 */
export type Id = Generated<number>;
export type Bool = number;
/** A column with a database default: optional on insert. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;
