/**
 * The layering rules of ARCHITECTURE.md, checked in `npm test` (scripts/check-dependencies.sh):
 * platform knows no domain, modules never use operations, shared code stands alone, and no
 * file imports itself back through a cycle.
 */
const testFiles = '(\\.test\\.ts$|/test/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make start-up order and reasoning fragile; break them by moving the shared piece down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-knows-no-domain',
      severity: 'error',
      comment: 'server/platform is the layer every area builds on; it must not import areas or operations.',
      from: { path: '^server/platform/', pathNot: testFiles },
      to: { path: '^server/(modules|ops)/' },
    },
    {
      name: 'modules-never-use-ops',
      severity: 'error',
      comment: 'Operations (app composition, CLI, backup, demo, set-up) use the modules, never the other way round.',
      from: { path: '^server/modules/', pathNot: testFiles },
      to: { path: '^server/ops/' },
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'shared/ is imported by server and web alike; it imports neither.',
      from: { path: '^shared/' },
      to: { path: '^(server|web|bench|e2e)/' },
    },
    {
      name: 'web-never-imports-server',
      severity: 'error',
      comment: 'The web app talks to the server over HTTP; shared types come from shared/contracts.',
      from: { path: '^web/' },
      to: { path: '^server/' },
    },
    {
      name: 'production-never-imports-tests',
      severity: 'error',
      from: { path: '^server/', pathNot: testFiles },
      to: { path: testFiles },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
