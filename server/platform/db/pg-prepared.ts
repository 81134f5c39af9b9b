import { createHash } from 'node:crypto';
import type pgModule from 'pg';
import { remembered } from '../remembered.ts';

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
 * protocol, a round trip less; otherwise the `begin` goes first, and the statement right behind
 * it without waiting: the pool runs its connections in pg's pipeline mode (database.ts), where a
 * statement is written at once and the answers come back in order.
 *
 * A write marked with NO_WAIT inside a transaction (send-write.ts) is written at once and answered
 * at once with an empty result; should it fail, the statements after it in the transaction and
 * its end fail with its error (PostgreSQL answers a COMMIT after a failure with a rollback).
 */
/** Marks a write sent without waiting for its answer (send-write.ts). */
export const NO_WAIT = '/* no wait */ ';
const PER_CONNECTION = 300;
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
const VALUE_SENSITIVE = /@@|ts_rank/i;
const BEGIN = /^\s*begin\s*$/i;
const END = /^\s*(commit|rollback)\s*$/i;
const ROLLBACK = /^\s*rollback/i;

const names = remembered<string, string | null>(5000);

/** The statement name for a text, or null when it should run unnamed (cached, bounded). */
function statementName(text: string): string | null {
  return names(text, () => {
    const statement = text.startsWith(NO_WAIT) ? text.slice(NO_WAIT.length) : text;
    return PREPARABLE.test(statement) && !VALUE_SENSITIVE.test(statement) ? `a_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}` : null;
  });
}

export function preparingClient(pg: typeof pgModule): typeof pgModule.Client {
  class PreparingClient extends pg.Client {
    #prepared = new Set<string>();
    #beginWaiting = false;
    #inTransaction = false;
    /** Whether this transaction sent a write without waiting (NO_WAIT), and the first one's failure. */
    #sentUnanswered = false;
    #failure: unknown;
    /** Corks of the socket held since a statement was written without waiting (see #hold). */
    #held = 0;

    // pg's query() has many overloads; Kysely calls query(text, values) and awaits the promise.
    override query(...args: unknown[]): never {
      const [text, values] = args;
      const plain = typeof text === 'string' && Array.isArray(values) && values.length === 0 && args.length === 2;
      if (plain && !this.#beginWaiting && BEGIN.test(text)) {
        this.#beginWaiting = true;
        this.#inTransaction = true;
        return Promise.resolve({ command: 'BEGIN', rowCount: null, rows: [], fields: [] }) as never;
      }
      if (plain && END.test(text)) return this.#end(text) as never;
      if (this.#beginWaiting) {
        this.#beginWaiting = false;
        if (plain) {
          // Several statements in one simple query answer with one result each.
          const results = (super.query as (text: string) => Promise<unknown[]>)(`begin; ${text}`);
          return results.then((all) => all[all.length - 1]) as never;
        }
        // Queued ahead of this statement; should it fail, the statement fails on the same connection.
        this.#hold();
        (super.query as (text: string) => Promise<unknown>)('begin').catch(() => undefined);
      }
      if (this.#inTransaction && typeof text === 'string' && text.startsWith(NO_WAIT)) {
        this.#sentUnanswered = true;
        this.#hold();
        this.#send(args).catch((error: unknown) => {
          this.#failure ??= error;
        });
        return Promise.resolve({ command: 'INSERT', rowCount: 0, rows: [], fields: [] }) as never;
      }
      const answer = this.#send(args);
      this.#release();
      if (!this.#sentUnanswered) return answer as never;
      // Answered after every write sent before it: a failure among them is known by then.
      return answer.then(
        (result) => {
          if (this.#failure !== undefined) throw this.#failure;
          return result;
        },
        (error: unknown) => {
          throw this.#failure ?? error;
        },
      ) as never;
    }

    /** A commit fails with the failure of a write sent without waiting; a rollback forgets it. */
    async #end(text: string): Promise<unknown> {
      // A transaction that sent nothing: its begin was never sent either.
      if (this.#beginWaiting) {
        this.#beginWaiting = false;
        this.#inTransaction = false;
        return { command: text.trim().toUpperCase(), rowCount: null, rows: [], fields: [] };
      }
      this.#inTransaction = false;
      try {
        const sent = (super.query as (text: string) => Promise<unknown>)(text);
        this.#release();
        const result = await sent;
        if (this.#failure !== undefined && !ROLLBACK.test(text)) throw this.#failure;
        return result;
      } catch (error) {
        throw this.#failure ?? error;
      } finally {
        this.#sentUnanswered = false;
        this.#failure = undefined;
      }
    }

    /**
     * What is written without waiting stays in the socket's buffer until a statement that is
     * waited for follows (#release): one write for all of them. Each write to PostgreSQL wakes its
     * process; on the virtual machines we measure, a wake-up across cores cost the sender some
     * 16 µs of CPU (ARCHITECTURE.md, prepared statements).
     */
    #hold(): void {
      const stream = (this as unknown as { connection?: { stream?: { cork?: () => void } } }).connection?.stream;
      if (!stream?.cork) return;
      stream.cork();
      this.#held++;
    }

    #release(): void {
      const stream = (this as unknown as { connection?: { stream?: { uncork?: () => void } } }).connection?.stream;
      for (; this.#held > 0; this.#held--) stream?.uncork?.();
    }

    #send(args: unknown[]): Promise<unknown> {
      const [text, values] = args;
      if (typeof text === 'string' && Array.isArray(values) && args.length === 2) {
        const name = statementName(text);
        if (name && (this.#prepared.has(name) || this.#prepared.size < PER_CONNECTION)) {
          this.#prepared.add(name);
          return (super.query as (config: unknown) => Promise<unknown>)({ name, text, values });
        }
      }
      return (super.query as (...a: unknown[]) => Promise<unknown>)(...args);
    }
  }
  return PreparingClient as unknown as typeof pgModule.Client;
}
