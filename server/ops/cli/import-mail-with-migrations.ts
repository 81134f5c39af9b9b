import type { Config } from '../../platform/config.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { storeInboundMail } from '../../modules/mail/store-inbound-mail.ts';
import type { StoreResult } from '../../modules/mail/store-raw-mail.ts';

/** `anlauf mail import` on a database that is new or not current: migrates it, then stores the mail. */
export async function migrateAndStore(config: Config, raw: Buffer): Promise<StoreResult> {
  const database = openDatabase(config);
  try {
    await migrateToLatest(database.db);
    return await storeInboundMail(database.db, database.dialect, raw, { source: 'api' });
  } finally {
    await database.destroy();
  }
}
