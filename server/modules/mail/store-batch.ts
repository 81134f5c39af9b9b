import type { Db, Dialect } from '../../platform/db/database.ts';
import { type InboundEnvelope, type StoreResult, storeInboundMail, storeInTransaction } from './store-inbound-mail.ts';

interface Waiting {
  raw: Buffer;
  envelope: InboundEnvelope;
  resolve: (result: StoreResult) => void;
  reject: (error: unknown) => void;
}

/** Mails in one transaction at most: a larger batch would hold the write lock for longer. */
const MAX_BATCH = 32;

/**
 * Group commit for the SMTP listener: the mails whose DATA ended while the previous commit ran
 * (or in the same turn of the event loop) are stored in one transaction, so concurrent
 * sessions share a commit instead of each paying for one. Each caller's promise settles only
 * after the transaction holding its mail committed, so a 250 still means "raw mail and job are
 * durable". When a batch fails, every mail in it is stored again on its own: one bad mail costs
 * only itself a 451.
 */
export function batchedStore(db: Db, dialect: Dialect): (raw: Buffer, envelope: InboundEnvelope) => Promise<StoreResult> {
  let waiting: Waiting[] = [];
  let flushing = false;

  async function storeBatch(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch as [Waiting];
      return storeInboundMail(db, dialect, only.raw, only.envelope).then(only.resolve, only.reject);
    }
    let results: StoreResult[];
    try {
      results = await db.transaction().execute(async (trx) => {
        const done: StoreResult[] = [];
        for (const mail of batch) done.push(await storeInTransaction(trx, mail.raw, mail.envelope));
        return done;
      });
    } catch {
      for (const mail of batch) await storeInboundMail(db, dialect, mail.raw, mail.envelope).then(mail.resolve, mail.reject);
      return;
    }
    batch.forEach((mail, i) => mail.resolve(results[i] as StoreResult));
  }

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, MAX_BATCH);
        waiting = waiting.slice(MAX_BATCH);
        await storeBatch(batch);
      }
    } finally {
      flushing = false;
    }
  }

  return (raw, envelope) =>
    new Promise<StoreResult>((resolve, reject) => {
      waiting.push({ raw, envelope, resolve, reject });
      // setImmediate, not at once: SQLite runs a transaction without giving the event loop a
      // turn, so the sessions whose data arrived in this turn join the first batch this way.
      if (!flushing) {
        flushing = true;
        setImmediate(() => void flush());
      }
    });
}
