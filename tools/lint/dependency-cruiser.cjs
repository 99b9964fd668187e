// The layers (issue 29), held by dependency-cruiser (`npm run lint`, run by `npm test`):
//   specs (tests/) → fixtures/ → stack/, standins/, platform/ → the shared bottom (lib/, builds/records.ts)
// Nothing imports upward; stack/ and fixtures/ reach the reference platform only through the build records
// (builds/), never platform/ itself; the entry points (scripts/, project-tests/, the global setup, the stack's CLI)
// sit on top and may use any layer.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module cycle: one of them belongs in a lower layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'nothing-imports-specs',
      severity: 'error',
      comment: 'Specs are the top: nothing imports a spec.',
      from: { pathNot: '^tests/' },
      to: { path: '^tests/' },
    },
    {
      name: 'no-scripts-below',
      severity: 'error',
      comment:
        'scripts/ are entry points on top; what they share with the suite belongs in lib/ or the layer it is about.',
      from: { path: '^(fixtures|stack|standins|platform|builds|lib)/' },
      to: { path: '^scripts/' },
    },
    {
      name: 'no-fixtures-below',
      severity: 'error',
      comment:
        'fixtures/ serve the specs; the stack, the stand-ins, the platform and the bottom never use them (the stack asks the build through a hook its caller fills: StackOptions.findsBotsAtRuntime).',
      from: { path: '^(stack|standins|platform|builds|lib)/', pathNot: '^stack/cli\\.ts$' },
      to: { path: '^fixtures/' },
    },
    {
      name: 'cli-fills-the-hook',
      severity: 'error',
      comment:
        "stack/cli.ts is an entry point (the bin botserver-temp-stack): like the global setup it fills the stack's hook with the build probe, and uses no other fixture.",
      from: { path: '^stack/cli\\.ts$' },
      to: { path: '^fixtures/', pathNot: '^fixtures/build-probe\\.ts$' },
    },
    {
      name: 'platform-only-through-records',
      severity: 'error',
      comment:
        'The checker and what it checks share nothing: stack/ and fixtures/ know the reference platform only through the build records (builds/).',
      from: { path: '^(stack|fixtures)/' },
      to: { path: '^platform/' },
    },
    {
      name: 'standins-stand-alone',
      severity: 'error',
      comment: 'The stand-ins are services of their own: they use no stack, fixture or platform code.',
      from: { path: '^standins/' },
      to: { path: '^(stack|fixtures|platform)/' },
    },
    {
      name: 'platform-stands-alone',
      severity: 'error',
      comment:
        'The reference platform is the thing under test: it uses no stack, fixture or stand-in code, only the build records and lib/.',
      from: { path: '^platform/' },
      to: { path: '^(stack|fixtures|standins)/' },
    },
    {
      name: 'bottom-is-bottom',
      severity: 'error',
      comment: 'lib/ and builds/ are the shared bottom: they import nothing of the layers above.',
      from: { path: '^(lib|builds)/' },
      to: { path: '^(tests|fixtures|stack|standins|platform|scripts|project-tests)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|tools|test-results|playwright-report|blob-report|bench-results|recorded|bots)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.cjs', '.mjs', '.json'] },
  },
};
