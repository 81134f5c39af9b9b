import type SQLite from 'better-sqlite3';

const REFRESH_EVERY_MS = 60_000;

/**
 * Keeps SQLite's planner statistics (sqlite_stat1) in step with the tables while a connection
 * lives for weeks. Returns a function that stops the refreshing.
 *
 * At open, `PRAGMA optimize = 0x10002` analyses every table whose size changed some 25-fold
 * since its last analysis. Then every minute `0x10012`: every table again (0x10000), by the
 * b-tree's size estimate, so a check costs next to nothing when nothing grew tenfold, and each
 * analysis is bounded (0x10). A plain `PRAGMA optimize` would look only at tables whose
 * statements the planner prepared since the last run, and two cases need more than that:
 * - A new installation: statistics taken at its first start say the job table holds one row,
 *   and until a refresh the planner scanned the whole table for every job claim (13.8 ms at
 *   28,000 jobs; 69 µs with fresh statistics, which took 15 ms to gather).
 * - SQLite's full-text index (FTS5) keeps its statements prepared for the connection's life, so
 *   a plain optimize never sees its tables again. A command run right after installing (`anlauf
 *   token add`) recorded two rows for `ticket_fts_data`; with that, the statement with which
 *   FTS5 deletes a merged segment (`DELETE … WHERE id >= ? AND id <= ?`) is planned as a scan of
 *   the whole table. FTS5 merges sixteen small segments at a time, so every sixteenth commit read
 *   the whole index sixteen times: once the index outgrew the 32 MB page cache (some 90,000
 *   tickets) that was 132,000 page reads in one commit, and ticket creation through `anlauf serve`
 *   fell from 900 to 400 tickets/s within a minute (`npm run bench:sustained -- --minutes 5`,
 *   2026-12-02). With the statistics refreshed the same commit reads 24 pages.
 */
export function keepSqliteStatisticsFresh(sqlite: SQLite.Database): () => void {
  refreshSqliteStatistics(sqlite, 'optimize = 0x10002');
  const timer = setInterval(() => {
    try {
      if (sqlite.open) refreshSqliteStatistics(sqlite);
    } catch {
      // Only an optimisation: whatever else went wrong, the requests meet it on their own
      // statements; a timer that throws would end the process.
    }
  }, REFRESH_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * One refresh of keepSqliteStatisticsFresh: analyses every table that grew or shrank tenfold.
 * Writing the statistics needs the write lock; while another connection holds it (a bulk import
 * in another process holds it for seconds) the refresh is skipped at once and returns false,
 * rather than blocking this thread for the busy timeout and then throwing: thrown from the
 * timer, that ended the process (`npm run bench -- --large`, 2026-12-02).
 */
export function refreshSqliteStatistics(sqlite: SQLite.Database, pragma = 'optimize = 0x10012'): boolean {
  const busyTimeout = Number(sqlite.pragma('busy_timeout', { simple: true }));
  sqlite.pragma('busy_timeout = 0');
  try {
    sqlite.pragma(pragma);
    return true;
  } catch (error) {
    if (/^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code))) return false;
    throw error;
  } finally {
    sqlite.pragma(`busy_timeout = ${busyTimeout}`);
  }
}
