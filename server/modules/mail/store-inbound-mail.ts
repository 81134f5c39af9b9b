import type { Transaction } from 'kysely';
import { type Db, type Dialect, rawSqlOf } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { type InboundEnvelope, type StoreResult, storeRawMail } from './store-raw-mail.ts';

export { DUPLICATE_SUFFIX, INTAKE_MAIL_JOB, INTAKE_MAX_ATTEMPTS, type InboundEnvelope, type StoreResult } from './store-raw-mail.ts';

/** Stores one arriving mail and its intake job in a transaction of its own (storeRawMail). */
export async function storeInboundMail(db: Db, _dialect: Dialect, raw: Buffer, envelope: InboundEnvelope): Promise<StoreResult> {
  return db.transaction().execute((trx) => storeInTransaction(trx, raw, envelope));
}

/** storeRawMail inside a transaction the caller commits (see store-batch.ts for several at once). */
export function storeInTransaction(trx: Transaction<Database>, raw: Buffer, envelope: InboundEnvelope): Promise<StoreResult> {
  return storeRawMail(rawSqlOf(trx), raw, envelope);
}
