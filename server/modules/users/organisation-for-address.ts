import type { Executor } from '../../platform/db/database.ts';

/**
 * The organisation an address joins by its mail domain, or null. Anyone can type or forge an
 * address, so only a proven (verified) address joins by domain, unless an admin marked the
 * organisation's domain as trusted. Mail intake, sign-up and verification all decide here.
 */
export async function organisationForAddress(db: Executor, email: string, options: { verified: boolean }): Promise<number | null> {
  const domain = email.trim().toLowerCase().split('@')[1] ?? '';
  if (!domain) return null;
  let qb = db
    .selectFrom('organisations')
    .select('id')
    .where((eb) => eb.or([eb(eb.fn('lower', ['domain']), '=', domain), eb(eb.fn('lower', ['domain']), '=', `@${domain}`)]))
    .where('active', '=', 1)
    .orderBy('id');
  if (!options.verified) qb = qb.where('domain_trusted', '=', 1);
  return (await qb.executeTakeFirst())?.id ?? null;
}
