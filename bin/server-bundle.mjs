// Where the bundled server lives and whether it is newer than the sources (see scripts/build-server.mjs).
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'dist', 'server', 'anlauf.js');
/** Written with the bundle: when the build started and the source files it read. */
export const SOURCES = join(ROOT, 'dist', 'server', 'sources.json');
/**
 * File times come from the kernel's coarse clock, which may lag the build's Date.now() by a
 * few milliseconds: a file changed this close before the build counts as changed after it (one
 * needless rebuild at worst, never a stale bundle).
 */
export const CLOCK_MARGIN_MS = 1000;

/**
 * True when the bundle exists and none of the files it was built from (server/, shared/ and
 * whatever else it bundled, per esbuild's metafile, plus package-lock.json) changed or vanished
 * since the build started. Only those ~350 files are looked at, not every file under server/:
 * an `anlauf` command pays for this check at every start. With `command` ('mail import', an
 * MTA's pipe delivery, the one started per mail), only the files that command runs are.
 * A new file only matters once a listed file imports it, and that file's time changes then.
 */
export function bundleIsFresh(command) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(SOURCES, 'utf8'));
    if (!statSync(BUNDLE, { throwIfNoEntry: false })) return false;
  } catch {
    return false; // no bundle, or one from before the sources list: build it
  }
  const limit = stamp.startedMs - CLOCK_MARGIN_MS;
  const prefix = ROOT + '/';
  for (const file of (command && stamp.commands?.[command]) || stamp.files) {
    // String concatenation and no Stats for missing files: path.join was a visible share of it.
    const stats = statSync(prefix + file, { throwIfNoEntry: false });
    if (!stats || stats.mtimeMs >= limit) return false;
  }
  return true;
}
