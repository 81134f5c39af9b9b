#!/usr/bin/env node
// The anlauf command. Runs the bundled server (dist/server/anlauf.js, built at `npm install`
// and before `npm start`) when it is up to date, else the TypeScript sources through tsx.
import { bundleIsFresh, BUNDLE } from './server-bundle.mjs';

let main;
if (bundleIsFresh() && process.env.ANLAUF_FROM_SOURCES !== '1') {
  ({ main } = await import(BUNDLE));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../server/ops/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
