/**
 * The import rules of docs/layout.md, checked by `npm run lint:deps` (CI runs it):
 *   core/    imports only core/ (and lib/util/): it knows no plugin, no CLI, no other lib module
 *   lib/     imports core/ and other lib modules' index.ts; never plugins/ or cli/
 *   plugins/ import core/, lib/<module>/index.ts, and another plugin only through its index.ts
 *            (notify-common is the notifiers' shared code, not a plugin: notify-* reach into it;
 *            its index.ts is the public notifier kit, `logwarden/notifier`, open to every plugin)
 *   cli/     imports core/, lib/<module>/index.ts and plugins/<name>/index.ts
 *   no cycles of runtime imports.
 * Tests may import the internals of what they test (relative paths); the core and lib rules bind them too.
 */
const TEST = ['\\.test\\.ts$', '/test/', '/testing/', '/test-support/']

module.exports = {
  forbidden: [
    {
      name: 'core-stays-core',
      comment: 'core/ imports only core/ and lib/util/ (docs/layout.md)',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(lib/(?!util/)|plugins/|cli/|index\\.ts$)' },
    },
    {
      name: 'lib-below-plugins-and-cli',
      comment: 'lib/ is shared by plugins and the CLI: it imports neither',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(plugins/|cli/|index\\.ts$)' },
    },
    {
      name: 'lib-through-index',
      comment: 'another lib module is used through its index.ts only',
      severity: 'error',
      from: { path: '^lib/([^/]+)/', pathNot: TEST },
      to: { path: '^lib/[^/]+/', pathNot: ['^lib/$1/', '^lib/[^/]+/index\\.ts$'] },
    },
    {
      name: 'lib-from-outside-through-index',
      comment: 'plugins, the CLI and the package root use a lib module through its index.ts only',
      severity: 'error',
      from: { path: '^(core/|plugins/|cli/|index\\.ts$)', pathNot: TEST },
      to: { path: '^lib/[^/]+/', pathNot: '^lib/[^/]+/index\\.ts$' },
    },
    {
      name: 'plugin-through-index',
      comment: 'a plugin uses another plugin through its index.ts, never its internals',
      severity: 'error',
      from: { path: '^plugins/(?!notify-)([^/]+)/', pathNot: TEST },
      to: { path: '^plugins/[^/]+/', pathNot: ['^plugins/$1/', '^plugins/[^/]+/index\\.ts$'] },
    },
    {
      name: 'notifier-through-index-or-notify-common',
      comment: 'notify-* plugins share plugins/notify-common/ (shared code, not a plugin)',
      severity: 'error',
      from: { path: '^plugins/(notify-[^/]+)/', pathNot: TEST },
      to: { path: '^plugins/[^/]+/', pathNot: ['^plugins/$1/', '^plugins/[^/]+/index\\.ts$', '^plugins/notify-common/'] },
    },
    {
      name: 'notify-common-for-notifiers-only',
      comment: 'only notify-* plugins reach into notify-common; any plugin may use its index.ts (logwarden/notifier)',
      severity: 'error',
      from: { path: '^plugins/(?!notify-)', pathNot: TEST },
      to: { path: '^plugins/notify-common/', pathNot: '^plugins/notify-common/index\\.ts$' },
    },
    {
      name: 'notify-common-not-for-core-lib-cli',
      comment: 'core, lib and the CLI know no notifier code',
      severity: 'error',
      from: { path: '^(core/|lib/|cli/)', pathNot: TEST },
      to: { path: '^plugins/notify-common/' },
    },
    {
      name: 'notify-webhook-on-public-kit',
      comment: 'notify-webhook is built only with the public notifier kit, as a third-party notifier would be',
      severity: 'error',
      from: { path: '^plugins/notify-webhook/', pathNot: TEST },
      to: { path: '^plugins/notify-common/', pathNot: '^plugins/notify-common/index\\.ts$' },
    },
    {
      name: 'cli-through-plugin-index',
      comment: 'the CLI uses a plugin through its index.ts only',
      severity: 'error',
      from: { path: '^cli/' },
      to: { path: '^plugins/[^/]+/', pathNot: '^plugins/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'a cycle of runtime imports (type-only imports vanish at build, so they cannot make one)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^dist/', 'node_modules'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
}
