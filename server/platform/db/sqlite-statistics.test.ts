import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { createFreshDatabase, type FreshDatabase } from './fresh-database.ts';
import { refreshSqliteStatistics } from './sqlite-statistics.ts';

describe('SQLite statistics stay in step with growing tables', () => {
  let fresh: FreshDatabase | undefined;
  let reopened: DatabaseHandle | undefined;
  afterEach(async () => {
    await reopened?.destroy();
    await fresh?.drop();
  });

  it('plans the full-text index deleting a merged segment as a search once the index has grown, and skips a refresh while another process writes', async () => {
    // A new installation, then a command run right after it (as `anlauf token add`): its
    // connection records statistics of the still empty full-text tables.
    fresh = await createFreshDatabase('sqlite', { prefix: 'anlauf_stats_' });
    await fresh.handle.destroy();
    reopened = openDatabase({ dataDir: fresh.dataDir });
    const sqlite = reopened.sqlite!;
    // What FTS5 runs when a merge has copied a segment (the same plan as its DELETE, which
    // defensive mode does not let us prepare on the shadow table).
    const segmentPlan = () =>
      sqlite
        .prepare('EXPLAIN QUERY PLAN SELECT id FROM ticket_fts_data WHERE id >= ? AND id <= ?')
        .all(1, 2)
        .map((row) => (row as { detail: string }).detail)
        .join('; ');
    expect(segmentPlan()).toMatch(/^SCAN ticket_fts_data/);

    const insert = sqlite.prepare('INSERT INTO ticket_fts (rowid, public_text, internal_text) VALUES (?, ?, ?)');
    for (let i = 1; i <= 400; i++) {
      sqlite.transaction(() => insert.run(i, `Drucker ${i} im Büro druckt nur leere Seiten, Toner gewechselt`, `intern ${i}`))();
    }

    // Another process holds the write lock (a bulk import): the refresh is skipped, not thrown.
    const other = new SQLite(reopened.sqlitePath!);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(refreshSqliteStatistics(sqlite)).toBe(false);
      expect(segmentPlan()).toMatch(/^SCAN ticket_fts_data/);
      expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(refreshSqliteStatistics(sqlite)).toBe(true);

    expect(segmentPlan()).toMatch(/^SEARCH ticket_fts_data USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
    const stat = sqlite.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'ticket_fts_data'").get() as { stat: string };
    const rows = sqlite.prepare('SELECT count(*) AS n FROM ticket_fts_data').get() as { n: number };
    expect(Number(stat.stat)).toBe(rows.n);
  });
});
