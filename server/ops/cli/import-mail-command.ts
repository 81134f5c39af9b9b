import fs from 'node:fs';
import { type CommandIo, parse, PROCESS_IO, UsageError } from './args.ts';
import { isCurrentSchema } from '../../platform/db/migration-names.ts';
import { openRawConnection, type RawConnection } from '../../platform/db/raw-sql.ts';
import { type StoreResult, storeRawMail } from '../../modules/mail/store-raw-mail.ts';
import { handOff, handoffSocketPath } from '../../modules/mail/mail-handoff.ts';

/**
 * `anlauf mail import FILE|-`: hands one raw mail (a .eml file, or stdin for an MTA's pipe
 * delivery) to the same intake as SMTP and IMAP. It exits 0 only after the mail is stored, so an
 * MTA retries on failure; the worker turns it into a ticket or reply.
 *
 * An MTA starts this once per mail, so it does as little as it can. Where an Anlauf process with
 * the mail role runs on this machine and data directory, the mail is handed to it over a Unix
 * socket and stored on its connections (mail-handoff.ts). Else the command stores it itself: one
 * connection, one read of the recorded migrations and one transaction, all without Kysely
 * (loading it was about 40 ms of the start). Only a database that is new or from another version
 * takes the long way: the migrations first (import-mail-with-migrations.ts).
 */
export async function importMailCommand(args: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const { positionals } = parse(args, {}, true);
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('usage: anlauf mail import FILE (or - for standard input)');
  const raw = file === '-' ? await io.readStdin() : fs.readFileSync(file);
  if (raw.length === 0) throw new UsageError('the mail is empty');
  const config = io.config();
  const handed = await handOff(handoffSocketPath(config.dataDir), raw);
  if (handed.handed) return report(io, handed.result);
  if (handed.reason !== 'absent') io.err(`anlauf: the running server did not take the mail (${handed.reason}); storing it directly`);
  const connection = await openRawConnection(config);
  let result: StoreResult | undefined;
  try {
    if (await schemaIsCurrent(connection)) result = await connection.transaction((sql) => storeRawMail(sql, raw, { source: 'api' }));
  } finally {
    await connection.close();
  }
  result ??= await (await import('./import-mail-with-migrations.ts')).migrateAndStore(config, raw);
  return report(io, result);
}

function report(io: CommandIo, result: StoreResult): number {
  io.out(result.stored ? `stored as inbound mail ${result.id}` : `already received as inbound mail ${result.duplicateOf}`);
  return 0;
}

async function schemaIsCurrent(connection: RawConnection): Promise<boolean> {
  try {
    return isCurrentSchema((await connection.query<{ name: string }>('SELECT name FROM kysely_migration')).map((r) => r.name));
  } catch {
    return false; // no migration table yet: a new database
  }
}
