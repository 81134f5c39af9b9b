import type { Selectable } from 'kysely';
import type { OrganisationsTable } from '../../platform/db/schema.ts';
import type { OrganisationKind } from '../../../shared/enums.ts';

/** Exactly the organisation fields that leave the server. */
export function presentOrganisation(row: Selectable<OrganisationsTable>) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as OrganisationKind,
    domain: row.domain,
    sharesTickets: row.shares_tickets === 1,
    domainTrusted: row.domain_trusted === 1,
    active: row.active === 1,
    createdAt: row.created_at,
  };
}
