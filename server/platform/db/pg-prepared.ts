import { createHash } from 'node:crypto';
import type pgModule from 'pg';

/**
 * A pg Client that runs our statements as named prepared statements.
 *
 * Kysely sends every query unnamed, so PostgreSQL parses and plans it anew each time. Planning
 * a ticket page (eight joins) took about 2 ms of its 2.5 ms; a one-row look-up still spends a
 * good part of its round trip on parsing. A named statement is parsed once per connection, and
 * after five executions PostgreSQL keeps a generic plan where that plan is estimated no worse
 * than the custom ones (`plan_cache_mode = auto`).
 *
 * Not prepared, so that they keep a plan made for their values:
 * - full-text matches and ranking, whose best plan depends entirely on the words (a generic plan
 *   cannot know whether a word is rare or common);
 * - statements that are not plain reads or writes (transaction control, SET, DDL in migrations).
 * Each connection prepares at most `PER_CONNECTION` texts (lists of ids of varying length make
 * many texts); later ones run unnamed, as before. A prepared statement belongs to its
 * connection and ends with it, so nothing needs cleaning up.
 *
 * A transaction's `begin` waits for the statement after it: where that one has no parameters
 * (the search budget's `SET LOCAL statement_timeout`), both go in one message of the simple
 * protocol, a round trip less; otherwise the `begin` goes first, as before.
 */
const PER_CONNECTION = 300;
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
const VALUE_SENSITIVE = /@@|ts_rank/i;
const BEGIN = /^\s*begin\s*$/i;

const names = new Map<string, string | null>();

/** The statement name for a text, or null when it should run unnamed (cached, bounded). */
function statementName(text: string): string | null {
  let name = names.get(text);
  if (name !== undefined) return name;
  name = PREPARABLE.test(text) && !VALUE_SENSITIVE.test(text) ? `a_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}` : null;
  if (names.size >= 5000) names.clear();
  names.set(text, name);
  return name;
}

export function preparingClient(pg: typeof pgModule): typeof pgModule.Client {
  class PreparingClient extends pg.Client {
    #prepared = new Set<string>();
    #beginWaiting = false;

    // pg's query() has many overloads; Kysely calls query(text, values) and awaits the promise.
    override query(...args: unknown[]): never {
      const [text, values] = args;
      const plain = typeof text === 'string' && Array.isArray(values) && values.length === 0 && args.length === 2;
      if (plain && !this.#beginWaiting && BEGIN.test(text)) {
        this.#beginWaiting = true;
        return Promise.resolve({ command: 'BEGIN', rowCount: null, rows: [], fields: [] }) as never;
      }
      if (this.#beginWaiting) {
        this.#beginWaiting = false;
        if (plain) {
          // Several statements in one simple query answer with one result each.
          const results = (super.query as (text: string) => Promise<unknown[]>)(`begin; ${text}`);
          return results.then((all) => all[all.length - 1]) as never;
        }
        // Queued ahead of this statement; should it fail, the statement fails on the same connection.
        (super.query as (text: string) => Promise<unknown>)('begin').catch(() => undefined);
      }
      if (typeof text === 'string' && Array.isArray(values) && args.length === 2) {
        const name = statementName(text);
        if (name && (this.#prepared.has(name) || this.#prepared.size < PER_CONNECTION)) {
          this.#prepared.add(name);
          return (super.query as (config: unknown) => never)({ name, text, values });
        }
      }
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }
  return PreparingClient as unknown as typeof pgModule.Client;
}
