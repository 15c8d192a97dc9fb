// ESLint flat config: typescript-eslint with type information (every .ts file is linted with
// its own tsconfig through the project service), React's hooks rules, and the layers as import
// boundaries — the same rules the tsconfig project references enforce for types, here for
// every import: shared/ imports neither side, the renderer never Node or electron/, and inside
// electron/ each layer only reaches down: db, exports (documents from plain data) and rights
// (the rights rule over the record) ← services (the context, the domain) ← sync and security
// (features built on services) ← api ← core ← main/server/cli.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** `no-restricted-imports` patterns: the folders and packages a layer must not import. */
const forbid = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

const NODE = ['node:*', 'better-sqlite3', 'better-sqlite3-multiple-ciphers', 'electron', 'pdfkit', 'age-encryption'];
/** electron/ folders as imported from a sibling folder or from one level deeper (db/repos). */
const folders = (...names) => names.flatMap((n) => [`../${n}/*`, `../../${n}/*`]);
const SHELLS = folders('main', 'server', 'cli', 'preload');
const ABOVE_DOMAIN = [...folders('api', 'core'), ...SHELLS];
const ABOVE_DB = [...folders('services', 'sync', 'security', 'exports', 'rights'), ...ABOVE_DOMAIN];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**', 'resources/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused values are dead code; a leading underscore says "deliberately ignored".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Promises must be awaited or explicitly dropped with `void` (a forgotten await loses errors).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // zod, JSON and SQLite rows arrive as `unknown`/`any` at the edges and are narrowed there.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // String(x) is used on purpose for scalars narrowed from `unknown` (codecs, conflict
      // values), which the rule cannot see.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
    },
  },
  {
    // Scripts and the tool configs: plain rules, no type information (no tsconfig covers them).
    files: ['**/*.js', '**/*.mjs', '**/*.cjs', '*.config.ts'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  {
    // The smoke test's page.evaluate callbacks run in the app's window.
    files: ['test/smoke/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The rules of hooks. (The React Compiler's rules in the plugin's `recommended` set are
      // for code the compiler rewrites; this app does not use the compiler.)
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Props and stores declare callbacks in method shorthand (`onClose(): void`) and are never
      // called with a `this`: destructuring them is the React idiom, not an unbound method.
      '@typescript-eslint/unbound-method': 'off',
      ...forbid(['**/electron/**', ...NODE, 'zustand/middleware'], 'The renderer reaches the core only through the API client (renderer/src/api); no Node, no electron/.'),
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: forbid(['**/electron/**', '**/renderer/**', ...NODE, 'react', 'react-dom', 'zustand', '@tanstack/*'], 'shared/ is pure TypeScript: neither side, no Node, no DOM libraries.'),
  },
  {
    files: ['electron/**/*.{ts,cts}'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: forbid(['**/renderer/**', 'electron'], 'Only electron/main and electron/preload import Electron; nothing in electron/ imports the renderer.'),
  },
  { files: ['electron/db/**/*.ts'], rules: forbid(['**/renderer/**', 'electron', ...ABOVE_DB], 'The database layer is the bottom one: repositories import no service, sync, API or shell code.') },
  {
    files: ['electron/services/**/*.ts', 'electron/sync/**/*.ts', 'electron/security/**/*.ts', 'electron/exports/**/*.ts'],
    rules: forbid(['**/renderer/**', 'electron', ...ABOVE_DOMAIN], 'Services, sync, security and exports know no transport: no api/, core/ or shell imports.'),
  },
  {
    // Sync and security are built on services (the context, audit, conflicts); services name
    // their types only, so the folders cannot import each other round (test/architecture).
    files: ['electron/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/renderer/**', 'electron', ...ABOVE_DOMAIN], message: 'Services know no transport: no api/, core/ or shell imports.' },
        { group: folders('sync', 'security'), allowTypeImports: true, message: 'Sync and security sit above services; a service may name their types, not call them.' },
      ] }],
    },
  },
  {
    files: ['electron/rights/**/*.ts', 'electron/exports/**/*.ts'],
    rules: forbid(['**/renderer/**', 'electron', ...ABOVE_DB], 'Rights and exports sit on the database and shared/ only: the rights rule reads the record, documents are drawn from plain data.'),
  },
  { files: ['electron/api/**/*.ts'], rules: forbid(['**/renderer/**', 'electron', ...folders('core'), ...SHELLS], 'The API layer binds the contract to services; the core and the shells sit above it.') },
  { files: ['electron/core/**/*.ts'], rules: forbid(['**/renderer/**', 'electron', ...SHELLS], 'The core runs in a worker: no Electron, no shell code.') },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Stand-ins for Electron and callbacks keep the async signatures of what they replace.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The text policy refuses control characters by matching them, on purpose.
    files: ['shared/domain/bounds.ts'],
    rules: { 'no-control-regex': 'off' },
  },
);
