#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 --initial-old-space-size=32
// The anlauf command. Runs the bundled server (dist/server/anlauf.js, built at `npm install`
// and before `npm start`) when it is up to date, else the TypeScript sources through tsx.
// The environment and node options of the first line: SERVER_ENVIRONMENT and SERVER_NODE_OPTIONS
// in server/platform/heap.ts.
import { bundleIsFresh, BUNDLE } from './server-bundle.mjs';

const [first, second] = process.argv.slice(2);
let main;
if (bundleIsFresh(first === 'mail' && second === 'import' ? 'mail import' : undefined) && process.env.ANLAUF_FROM_SOURCES !== '1') {
  ({ main } = await import(BUNDLE));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../server/ops/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
