import { sql, type SelectQueryBuilder } from 'kysely';

/** The number of rows a query would return (both databases answer count(*) as a number or string). */
export async function countRows<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  const row = await qb
    .clearSelect()
    .select(sql<number | string>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number((row as { n?: number | string } | undefined)?.n ?? 0);
}
