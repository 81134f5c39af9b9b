import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { SCREENSHOT_DIR } from './harness.ts';

/** Builds the web app when it is stale (as `npm start` does) and empties the screenshot folder. */
export function setup(): void {
  const build = spawnSync(process.execPath, ['web/scripts/ensure-web-build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the web app failed');
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}

export function teardown(): void {
  console.log(`\nBrowser test screenshots: ${SCREENSHOT_DIR}`);
}
