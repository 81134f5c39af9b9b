import type { Executor } from '../../platform/db/database.ts';
import { prepared } from '../../platform/db/prepared.ts';

/**
 * The organisation an address joins by its mail domain, or null. Anyone can type or forge an
 * address, so only a proven (verified) address joins by domain, unless an admin marked the
 * organisation's domain as trusted. Mail intake, sign-up and verification all decide here.
 */
export async function organisationForAddress(db: Executor, email: string, options: { verified: boolean }): Promise<number | null> {
  const domain = email.trim().toLowerCase().split('@')[1] ?? '';
  if (!domain) return null;
  return (await (options.verified ? byDomain : byTrustedDomain).takeFirst(db, { domain, atDomain: `@${domain}` }))?.id ?? null;
}

/** Every new sender asks: built once (platform/db/prepared.ts), one for each kind of address. */
function organisationByDomain(trustedOnly: boolean) {
  return prepared((db, p: { domain: string; atDomain: string }) =>
    db
      .selectFrom('organisations')
      .select('id')
      .where((eb) => eb.or([eb(eb.fn('lower', ['domain']), '=', p.domain), eb(eb.fn('lower', ['domain']), '=', p.atDomain)]))
      .where('active', '=', 1)
      .$if(trustedOnly, (qb) => qb.where('domain_trusted', '=', 1))
      .orderBy('id'),
  );
}
const byDomain = organisationByDomain(false);
const byTrustedDomain = organisationByDomain(true);
