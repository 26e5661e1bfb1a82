// Dependency rules of docs/architecture.md, checked by `npm run lint`.
// core ← domain ← pure modules (data model, features, regime, models, alpha, portfolio, risk, execution,
// metrics) ← engine ← cli. Adapters (exchange/*, state, report) never import engine or each other; only cli
// wires them together.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing',
      comment: 'core is the bottom layer: time, clock, errors, math.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'domain-imports-only-core',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!core/|domain/)' },
    },
    {
      name: 'pure-modules-stay-pure',
      comment:
        'Pure modules import only core, domain, config types and each other; never adapters, engine or cli.',
      severity: 'error',
      from: { path: '^src/(features|regime|models|alpha|portfolio|risk|execution|metrics)/' },
      to: { path: '^src/(exchange|state|report|engine|cli)/' },
    },
    {
      name: 'config-is-a-leaf',
      comment: 'config validates input; it knows nothing of the modules that read it.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/(?!core/|domain/|config/)' },
    },
    {
      name: 'data-below-engine',
      severity: 'error',
      from: { path: '^src/data/' },
      to: { path: '^src/(engine|cli|exchange|state|report)/' },
    },
    {
      name: 'engine-talks-to-ports-not-adapters',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/(exchange/(roostoo|simulated|server)|state|report|cli)/' },
    },
    {
      name: 'adapters-do-not-import-engine-or-each-other',
      severity: 'error',
      from: { path: '^src/exchange/(roostoo|simulated|server)/' },
      to: { path: '^src/(engine|cli|state|report)/' },
    },
    {
      name: 'exchange-adapters-do-not-import-each-other',
      comment:
        'roostoo/ (client), simulated/ (in-process) and server/ (local exchange) share only the non-adapter exchange modules: port, matching/, wire/, signing, rate-limit, errors.',
      severity: 'error',
      from: { path: '^src/exchange/(roostoo|simulated|server)/' },
      to: { path: '^src/exchange/(roostoo|simulated|server)/', pathNot: '^src/exchange/$1/' },
    },
    {
      name: 'shared-exchange-modules-import-no-adapter',
      severity: 'error',
      from: { path: '^src/exchange/', pathNot: '^src/exchange/(roostoo|simulated|server)/' },
      to: { path: '^src/exchange/(roostoo|simulated|server)/' },
    },
    {
      name: 'live-loop-talks-to-ports',
      comment:
        'src/live (the paper/live loop, recovery) drives the engine through the exchange port and its own store interfaces; the CLI composes it with the Roostoo client and the SQLite store.',
      severity: 'error',
      from: { path: '^src/live/' },
      to: { path: '^src/(exchange/(roostoo|simulated|server)|state|report|cli)/' },
    },
    {
      name: 'state-is-storage-only',
      comment:
        'src/state stores what the engine records; it never trades, so it imports no exchange, live loop or CLI.',
      severity: 'error',
      from: { path: '^src/state/' },
      to: { path: '^src/(exchange|live|cli|report)/' },
    },
    {
      name: 'only-cli-imports-cli',
      severity: 'error',
      from: { path: '^src/(?!cli/)' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-node-io-in-pure-modules',
      comment: 'Pure modules do no I/O: no fs, net, http, child_process.',
      severity: 'error',
      from: { path: '^src/(core|domain|features|regime|models|alpha|portfolio|risk|execution|metrics)/' },
      to: { path: '^(node:)?(fs|fs/promises|net|http|https|child_process|zlib)$', dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
