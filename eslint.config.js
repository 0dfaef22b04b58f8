// Lint for bugs, not style: prettier owns the layout (eslint-config-prettier, last, turns off every
// rule that would fight it). Type-aware on the TypeScript files so promise misuse is caught.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

// the JavaScript files (bin, test fixtures, this file) run on Node; no `globals` package needed for so few
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'queueMicrotask',
    'structuredClone',
  ].map((g) => [g, 'readonly']),
)

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'logs/**', '.lw-tmp/**', 'bench/results.json', 'examples/custom-sink/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // a promise nobody awaits loses its rejection and its ordering: the bugs this config is for
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'smart'],
      'no-fallthrough': 'error',
      // matching control characters is the point of the terminal/syslog sanitisers and their tests
      'no-control-regex': 'off',
      // fires on `let x = init` before a try that assigns it; tsc's definite-assignment check covers the rest
      'no-useless-assignment': 'off',
      // `const self = this` for a hoisted inner function is a style choice, not a bug
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test-d.ts', 'test/**', '**/test-support/**', '**/testing/**'],
    // JSON bodies and records read back from files are `any` in tests; the assertions check them
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
  },
  prettier,
)
