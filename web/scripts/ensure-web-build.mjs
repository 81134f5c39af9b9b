#!/usr/bin/env node
// Builds the web app (vite build) when web/dist is missing or older than its sources; `npm start` runs this first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const web = join(root, 'web');
const builtIndex = join(web, 'dist', 'index.html');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'dist' || name === 'node_modules' || name.startsWith('.')) continue;
    latest = Math.max(latest, newest(join(path, name)));
  }
  return latest;
}

const sources = Math.max(newest(web), newest(join(root, 'shared')), statSync(join(root, 'package-lock.json')).mtimeMs);
if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= sources) process.exit(0);

const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(vite)) {
  if (existsSync(builtIndex)) {
    console.warn('web app sources changed but vite is not installed; serving the existing build');
    process.exit(0);
  }
  console.error('the web app is not built and vite is missing: run `npm install` (with dev dependencies) first');
  process.exit(1);
}
console.log('Building the web app …');
const result = spawnSync(process.execPath, [vite, 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, NODE_ENV: 'production' },
});
process.exit(result.status ?? 1);
