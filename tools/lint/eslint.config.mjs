// The project's ESLint rules (run by `npm run lint` and `npm test`; CONTRIBUTING.md "Rules the linters hold").
// typescript-eslint's recommended rules everywhere; eslint-plugin-playwright's recommended rules on the specs; and
// ours: specs hold no selector and press no control themselves (page objects do: CONTRIBUTING rule 7), page
// objects assert nothing (named checks do).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import playwright from 'eslint-plugin-playwright';
import globals from 'globals';

const SELECTORS = [
  'locator',
  'getByRole',
  'getByText',
  'getByLabel',
  'getByPlaceholder',
  'getByTestId',
  'getByTitle',
  'getByAltText',
  '$',
  '$$',
  '$eval',
  '$$eval',
];
const PRESSES = [
  'click',
  'dblclick',
  'tap',
  'fill',
  'press',
  'type',
  'check',
  'uncheck',
  'selectOption',
  'hover',
  'focus',
  'pressSequentially',
  'setInputFiles',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'tools/**',
      'test-results/**',
      'playwright-report/**',
      'blob-report/**',
      'bench-results/**',
      'platform/public/**',
      'recorded/**',
      'bots/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Node's globals, and the few of the browser's that the page code specs and page objects hand to page.evaluate
    // uses (all of the browser's would shadow names like `stop` in Node scripts).
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: {
        ...globals.node,
        NodeJS: 'readonly',
        ...Object.fromEntries(
          ['document', 'window', 'HTMLElement', 'HTMLInputElement', 'Element', 'getComputedStyle', 'Node'].map((g) => [
            g,
            'readonly',
          ]),
        ),
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Small files, one responsibility each: a file of the stack, the platform or the fixtures grows past 300 lines of
    // code (comments and blank lines not counted; 250 lines before Prettier's 120 columns) only by taking on a second
    // job (issue 29); split it by job.
    files: ['stack/**/*.ts', 'platform/**/*.ts', 'platform/**/*.js', 'fixtures/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 300, skipComments: true, skipBlankLines: true }] },
  },
  {
    // Browser scripts of the reference platform outside platform/public (its seeded page mutations).
    files: ['platform/mutations/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['tests/**/*.ts'],
    ...playwright.configs['flat/recommended'],
    rules: {
      ...playwright.configs['flat/recommended'].rules,
      // A test asserts through the named checks of fixtures/checks/ (expect…) and the known-bug checks (knownBug,
      // …OrKnownBug), which say what the page showed instead.
      'playwright/expect-expect': ['error', { assertFunctionPatterns: ['^expect', '^knownBug$', 'OrKnownBug$'] }],
      // Skipped only on a condition, with its reason (an attached run without the service a test needs).
      'playwright/no-skipped-test': ['error', { allowConditional: true }],
      // Off, on purpose: a recorded bug is checked by its symptom and the test goes on with what it can still check
      // (CONTRIBUTING: known bugs). Where the symptom leaves the rest uncheckable on a build, the test returns there
      // (`if (!answer) return;`), and what a build's record says it does (thinking frames, a final frame repeating
      // the answer) decides which expectation holds. Both rules would forbid exactly that.
      'playwright/no-conditional-in-test': 'off',
      'playwright/no-conditional-expect': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.type='MemberExpression'][callee.property.name=/^(${SELECTORS.map((s) => s.replace(/\$/g, '\\$')).join('|')})$/]`,
          message:
            'A spec holds no selector: find the element in a page object (fixtures/pages/), by role and name where the page offers one.',
        },
        {
          selector: `CallExpression[callee.type='MemberExpression'][callee.property.name=/^(${PRESSES.join('|')})$/][callee.object.type='MemberExpression']`,
          message:
            "A spec presses no control itself: call the page object's action (it clicks or taps as the project's device does: fixtures/pages/pointer.ts).",
        },
      ],
    },
  },
  {
    files: ['fixtures/checks/**/*.ts', 'fixtures/pages/**/*.ts'],
    // A failed check throws its own words with the assertion's first lines already in them (what the report shows):
    // a `cause` would print the same assertion twice.
    rules: { 'preserve-caught-error': 'off' },
  },
  {
    files: ['fixtures/**/*.ts'],
    // Playwright's fixture functions take the fixtures they use as an object pattern: `{}` when they use none.
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['fixtures/pages/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='expect'], CallExpression[callee.object.name='expect']",
          message:
            'A page object asserts nothing: put the check in fixtures/checks/ (it says what the page showed instead).',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@playwright/test',
              importNames: ['expect'],
              message: 'A page object asserts nothing: checks live in fixtures/checks/.',
            },
          ],
        },
      ],
    },
  },
);
