import { loadConfig, type Config } from '../../platform/config.ts';
import { openDatabase, type DatabaseHandle } from '../../platform/db/database.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { setTicketRules } from '../../modules/tickets/tickets.policy.ts';
import { bootstrap, type BootstrapResult } from '../setup/bootstrap.ts';

/** Opens the configured database, migrates it and makes sure the defaults exist. */
export async function openInstallation(config: Config = loadConfig()): Promise<{ config: Config; database: DatabaseHandle; boot: BootstrapResult }> {
  setTicketRules({ reopenDays: config.reopenDays });
  const database = openDatabase(config);
  try {
    await migrateToLatest(database.db);
    const boot = await bootstrap(database.db, { adminEmail: config.adminEmail, adminPassword: config.adminPassword });
    return { config, database, boot };
  } catch (error) {
    await database.destroy();
    throw error;
  }
}

/** Runs work against the installation and closes the database afterwards. */
export async function withInstallation<T>(work: (ctx: { config: Config; database: DatabaseHandle; boot: BootstrapResult }) => Promise<T>, config: Config = loadConfig()): Promise<T> {
  const ctx = await openInstallation(config);
  try {
    return await work(ctx);
  } finally {
    await ctx.database.destroy();
  }
}
