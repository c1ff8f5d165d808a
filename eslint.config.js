import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first. A folder may import only from the folders below it (and from
 * itself); `no-restricted-imports` fails the build on an upward import. See the README's code map.
 */
const LAYERS = ['core', 'data', 'engine', 'worker', 'state', 'ui'];
/** The command line sits beside the page: it uses the engine but nothing of the page. */
const ABOVE = {
  ...Object.fromEntries(LAYERS.map((layer, i) => [layer, [...LAYERS.slice(i + 1), 'cli']])),
  cli: ['worker', 'state', 'ui'],
};
/** Packages that belong to the page only. */
const PAGE_PACKAGES = ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'recharts'];

const layerRules = Object.entries(ABOVE).map(([layer, above]) => ({
  files: [`src/${layer}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: above.flatMap((name) => [`**/${name}`, `**/${name}/*`]),
            message: `src/${layer} may import only from ${
              layer === 'cli'
                ? 'core, data and engine'
                : LAYERS.slice(0, LAYERS.indexOf(layer) + 1).join(', ')
            } (the layers below it).`,
          },
          ...(layer === 'ui' || layer === 'state'
            ? []
            : [{ group: PAGE_PACKAGES, message: `src/${layer} is not part of the page's UI.` }]),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-e2e',
      'node_modules',
      'test-results',
      'playwright-report',
      'public',
      'bench',
      '.scratch',
    ],
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022 },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'tests/e2e/harness.ts', 'scripts/bench/*.worker.ts'],
    ignores: ['src/cli/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  // Node's globals only where Node runs: the CLI, scripts, tests and config files (tests and
  // scripts also hold functions that run in the page).
  {
    files: ['src/cli/**/*.ts', '*.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  ...layerRules,
);
