import fs from 'node:fs';
import { type CommandIo, parse, PROCESS_IO, UsageError } from './args.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { storeInboundMail } from '../../modules/mail/store-inbound-mail.ts';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/**
 * `anlauf mail import FILE|-`: hands one raw mail (a .eml file, or stdin for an MTA's pipe
 * delivery) to the same intake as SMTP and IMAP. It exits 0 only after the mail is stored, so an
 * MTA retries on failure; the worker turns it into a ticket or reply.
 */
export async function importMailCommand(args: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const { positionals } = parse(args, {}, true);
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('usage: anlauf mail import FILE (or - for standard input)');
  const raw = file === '-' ? await readAll(io.stdin) : fs.readFileSync(file);
  if (raw.length === 0) throw new UsageError('the mail is empty');
  // An MTA starts this once per mail: it opens the database and stores, nothing more (no
  // bootstrap, no mail parser; the migration check is one read once the schema is current).
  const database = openDatabase(io.config());
  try {
    await migrateToLatest(database.db);
    const result = await storeInboundMail(database.db, database.dialect, raw, { source: 'api' });
    io.out(result.stored ? `stored as inbound mail ${result.id}` : `already received as inbound mail ${result.duplicateOf}`);
    return 0;
  } finally {
    await database.destroy();
  }
}
