import { type Compilable, type CompiledQuery, type QueryResult, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect, Executor } from './database.ts';
import { dialectOf } from './dialect.ts';
import { NO_WAIT } from './send-write.ts';

/**
 * A query on the hot path, built and compiled once per dialect instead of on every call.
 *
 * Kysely builds an immutable tree of nodes for every query and compiles it to SQL each time:
 * 5–27 µs per statement, and an inbound mail runs some fifty statements (about a fifth of the
 * main thread's time under a stream of mail, `npm run bench:sustained -- --minutes 0`). Here
 * the builder runs once with placeholders for the values; each call only fills in the
 * parameters, and the SQL text stays one string object, so the statement cache of
 * database.ts finds it without hashing the text again.
 *
 * The builder runs once: the values of `p` may only stand where a value goes (a comparison,
 * `set`, `values`, `limit`), never decide the query's shape (`$if(p.x, …)`, `p.x ? … : …`, a
 * list for `in`). A value read but not bound as a parameter is caught when the query is
 * first compiled. The dialect may decide the shape (the builder gets it). Whatever else the
 * builder computes stays as it was at the first call: the current time, a setting, anything
 * that changes is a parameter. Name each column's value (`values({ a: p.a })`): `p` itself has
 * no keys to enumerate. A list is one parameter through `listParameter` and `inList`.
 */
export interface Prepared<P, R> {
  /** All rows. */
  execute(db: Executor, params: P): Promise<R[]>;
  /** The first row, if any. */
  takeFirst(db: Executor, params: P): Promise<R | undefined>;
  /** A write whose answer nobody reads, sent without waiting inside a transaction (send-write.ts). */
  send(db: Executor, params: P): Promise<void>;
  /** The driver's result: rows, and the affected rows of an update or delete. */
  run(db: Executor, params: P): Promise<QueryResult<R>>;
  /** The SQL text and its parameters (tests ask the planner how it would run it). */
  compiled(db: Executor, params: P): { sql: string; parameters: unknown[] };
}

/** Stands for one named value while the query is built. */
class Slot {
  constructor(readonly name: string) {}
}

interface Compiled {
  query: CompiledQuery;
  /** The same query marked to be sent without waiting (send-write.ts), one string as `query.sql`. */
  unanswered: CompiledQuery;
  /** Per parameter: the caller's value by name, or a constant of the query itself. */
  sources: Array<{ name: string } | { constant: unknown }>;
}

export function prepared<P extends object, R>(build: (db: Executor, p: P, dialect: Dialect) => Compilable<R>): Prepared<P, R> {
  const byDialect = new Map<Dialect, Compiled>();

  function compile(db: Executor): Compiled {
    const dialect = dialectOf(db);
    const known = byDialect.get(dialect);
    if (known) return known;
    const read = new Set<string>();
    const slots = new Proxy({} as P, {
      get: (_target, name) => {
        if (typeof name !== 'string') return undefined;
        read.add(name);
        return new Slot(name);
      },
    });
    const query = build(db, slots, dialect).compile();
    const sources = query.parameters.map((value) => (value instanceof Slot ? { name: value.name } : { constant: value }));
    const bound = new Set(sources.flatMap((s) => ('name' in s ? [s.name] : [])));
    const unbound = [...read].filter((name) => !bound.has(name));
    if (unbound.length > 0) throw new Error(`prepared query: ${unbound.join(', ')} read but not bound as a value (a prepared query's shape cannot depend on its values): ${query.sql}`);
    const compiled = { query, sources, unanswered: { ...query, sql: dialect === 'postgres' ? NO_WAIT + query.sql : query.sql } };
    byDialect.set(dialect, compiled);
    return compiled;
  }

  function bind(db: Executor, params: P) {
    const { query, sources, unanswered } = compile(db);
    return { query, unanswered, parameters: sources.map((s) => ('name' in s ? (params as Record<string, unknown>)[s.name] : s.constant)) };
  }

  function run(db: Executor, params: P): Promise<QueryResult<R>> {
    const { query, parameters } = bind(db, params);
    return db.executeQuery<R>({ query: query.query, queryId: query.queryId, sql: query.sql, parameters });
  }

  return {
    run,
    send: async (db, params) => {
      const { unanswered, parameters } = bind(db, params);
      await db.executeQuery({ query: unanswered.query, queryId: unanswered.queryId, sql: unanswered.sql, parameters });
    },
    compiled: (db, params) => {
      const { query, parameters } = bind(db, params);
      return { sql: query.sql, parameters };
    },
    execute: async (db, params) => (await run(db, params)).rows,
    takeFirst: async (db, params) => (await run(db, params)).rows[0],
  };
}

/** A list as one parameter whatever its length: an array on PostgreSQL, a JSON array on SQLite. */
export function listParameter(values: ReadonlyArray<string | number>, dialect: Dialect): ReadonlyArray<string | number> | string {
  return dialect === 'postgres' ? values : JSON.stringify(values);
}

/** `column IN (the list)` for a `listParameter` (PostgreSQL needs the array's element type). */
export function inList(column: string, list: unknown, dialect: Dialect, pgType: 'text' | 'bigint'): RawBuilder<SqlBool> {
  return dialect === 'postgres' ? sql<SqlBool>`${sql.ref(column)} = ANY(${list}::${sql.raw(pgType)}[])` : sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${list}))`;
}
