import { loadConfig, type Config } from '../../platform/config.ts';
import { openDatabase, type DatabaseHandle } from '../../platform/db/database.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { setTicketRules } from '../../modules/tickets/tickets.policy.ts';
import { bootstrap, type BootstrapResult } from '../setup/bootstrap.ts';

export interface Installation {
  config: Config;
  database: DatabaseHandle;
  boot: BootstrapResult;
  /** The migrations this opening applied (empty when the schema was up to date). */
  applied: string[];
}

/**
 * Opens the configured database, migrates it and makes sure the defaults exist. `serving`: a
 * long-running server process, whose SQLite checkpoints run in a thread of their own (unless
 * ANLAUF_SQLITE_CHECKPOINT_THREAD=0).
 */
export async function openInstallation(config: Config = loadConfig(), options: { serving?: boolean } = {}): Promise<Installation> {
  setTicketRules({ reopenDays: config.reopenDays });
  const database = openDatabase({ ...config, backgroundCheckpoints: options.serving === true && config.sqliteCheckpointThread });
  try {
    const applied = await migrateToLatest(database.db);
    const boot = await bootstrap(database.db, { adminEmail: config.adminEmail, adminPassword: config.adminPassword });
    return { config, database, boot, applied };
  } catch (error) {
    await database.destroy();
    throw error;
  }
}

/** Runs work against the installation and closes the database afterwards. */
export async function withInstallation<T>(work: (ctx: Installation) => Promise<T>, config: Config = loadConfig()): Promise<T> {
  const ctx = await openInstallation(config);
  try {
    return await work(ctx);
  } finally {
    await ctx.database.destroy();
  }
}
