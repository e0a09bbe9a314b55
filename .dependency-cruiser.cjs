/**
 * The layers point one way (docs/ARCHITECTURE.md). `npm test` fails on any
 * import that goes against them.
 *   core ← fs, validate, i18n ← state, provider, ui ← wizard ← delivery ← steps ← commands ← entry files
 */
const ENTRY = '^src/((cli|program|boundary)\\.ts$|program/)';
const notUnder = (...dirs) => `^src/(${dirs.join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'core-imports-nothing',
      comment: 'core holds errors, ids and shared types: it imports nothing else of the project.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'base-layers-stay-down',
      comment:
        'fs, validate, i18n, state, provider and ui never import the wizard, the steps, delivery, commands or the entry files.',
      severity: 'error',
      from: { path: notUnder('fs', 'validate', 'i18n', 'state', 'provider', 'ui') },
      to: { path: [notUnder('wizard', 'steps', 'delivery', 'commands'), ENTRY] },
    },
    {
      name: 'fs-validate-i18n-are-below-the-rest',
      comment: 'fs, validate and i18n build on core only (and on each other).',
      severity: 'error',
      from: { path: notUnder('fs', 'validate', 'i18n') },
      to: { path: notUnder('state', 'provider', 'ui') },
    },
    {
      name: 'wizard-names-no-step',
      comment: 'The wizard is the loop and the context; it never imports a step, delivery or a command.',
      severity: 'error',
      from: { path: '^src/wizard/' },
      to: { path: [notUnder('steps', 'delivery', 'commands'), ENTRY] },
    },
    {
      name: 'delivery-below-steps',
      comment: 'Key delivery serves every step and command; it imports none of them.',
      severity: 'error',
      from: { path: '^src/delivery/' },
      to: { path: [notUnder('steps', 'commands'), ENTRY] },
    },
    {
      name: 'steps-below-commands',
      severity: 'error',
      from: { path: '^src/steps/' },
      to: { path: [notUnder('commands'), ENTRY] },
    },
    {
      name: 'a-step-is-one-home',
      comment: 'A step folder imports no other step folder (shared pieces live in src/steps/*.ts).',
      severity: 'error',
      from: { path: '^src/steps/([^/]+)/' },
      to: { path: '^src/steps/[^/]+/', pathNot: '^src/steps/$1/' },
    },
    {
      name: 'commands-below-entry',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: { path: ENTRY },
    },
    {
      name: 'only-the-provider-knows-the-simulator',
      comment:
        'Nothing outside the provider knows the simulator exists (the sim commands reach it through the provider).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/provider/' },
      to: { path: '^src/provider/simulated/' },
    },
    {
      name: 'providers-are-apart',
      comment:
        'A provider folder does not import another provider folder (serve reaches the simulated cloud through its backend).',
      severity: 'error',
      from: { path: '^src/provider/(aliyun)/' },
      to: { path: '^src/provider/(simulated|serve)/' },
    },
    {
      name: 'the-wire-knows-no-cloud',
      comment:
        "sim serve's wire layer talks to a cloud only through ServeBackend (serve/backend.ts); the simulated cloud implements it.",
      severity: 'error',
      from: { path: '^src/provider/serve/' },
      to: { path: '^src/provider/simulated/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
