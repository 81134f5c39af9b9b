import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder (where package.json is): found by walking up from this file, so it is
 * right both for the TypeScript sources and for the bundled server in dist/.
 */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Anlauf folder (no package.json above the server code).');
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot();
