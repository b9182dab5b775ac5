import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'url',
  'util',
  'stream',
  'worker_threads',
  'events',
  'http',
  'https',
  'net',
  'zlib',
  'buffer',
  'process',
];

/** The product's folders: imports go one way (down), and none goes round in a circle. */
const PRODUCT = ['shared/**/*.{ts,tsx}', 'worker/**/*.ts', 'addin/**/*.{ts,tsx}', 'console/**/*.{ts,tsx}', 'ui/**/*.{ts,tsx}'];

/** A folder or file of the worker, and what it may not import: everything above it in the house. */
const w = (...names) => names.map((n) => `./worker/${n}`);
const ABOVE_STORES = w('ingest', 'consolidate', 'review', 'http', 'report', 'recovery.ts', 'service.ts', 'cli.ts', 'demo.ts', 'demo-levels.ts', 'templates.ts');
const ZONES = [
  // The functional core imports nothing of the shells (nor tests and benchmarks).
  {
    target: './shared',
    from: ['./worker', './addin', './console', './ui', './tests', './bench'],
    message: 'shared/ is the core: it imports nothing from the shells.',
  },
  // The ledger and the renderers are the floor of the worker.
  { target: './worker/ledger', from: [...ABOVE_STORES, './worker/render'], message: 'worker/ledger/ imports nothing from the floors above it.' },
  { target: './worker/render', from: [...ABOVE_STORES, './worker/ledger'], message: 'worker/render/ imports nothing from the floors above it.' },
  // Ingest, review and the report check stand on the ledger and store; consolidation on them; recovery on those.
  {
    target: './worker/ingest',
    from: w('consolidate', 'review', 'http', 'report', 'recovery.ts', 'service.ts', 'cli.ts'),
    message: 'worker/ingest/ never imports up.',
  },
  {
    target: './worker/review',
    from: w('ingest', 'consolidate', 'http', 'report', 'recovery.ts', 'service.ts', 'cli.ts'),
    message: 'worker/review/ never imports up or sideways.',
  },
  {
    target: './worker/report',
    from: w('ingest', 'consolidate', 'review', 'http', 'ledger', 'recovery.ts', 'service.ts', 'cli.ts'),
    message: 'worker/report/ never imports up or sideways.',
  },
  {
    target: './worker/consolidate',
    from: w('ingest', 'http', 'report', 'recovery.ts', 'service.ts', 'cli.ts'),
    message: 'worker/consolidate/ never imports up or sideways.',
  },
  { target: './worker/recovery.ts', from: w('http', 'service.ts', 'cli.ts'), message: 'worker/recovery.ts stands below the service.' },
  { target: './worker/http', from: w('cli.ts'), message: 'worker/http/ is below the command line.' },
  // The front ends never import the worker, and one front end never imports the other (ui/ is theirs in common).
  { target: './addin', from: ['./worker', './console'], message: 'The task pane imports shared/ and ui/, never the worker or the console.' },
  { target: './console', from: ['./worker', './addin'], message: 'The console imports shared/ and ui/, never the worker or the pane.' },
  { target: './ui', from: ['./worker', './addin', './console'], message: 'ui/ is below both front ends.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'data/**', 'coverage/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // One way up, no circles: checked on every product file, so the next change cannot undo it.
    files: PRODUCT,
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: ZONES }],
    },
  },
  {
    // The functional core stays pure: no Node built-ins, no Office.js, no exceljs.
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'exceljs', 'better-sqlite3', 'fastify', 'node-cron', 'pino', 'react'].map((name) => ({
            name,
            message: 'shared/ is pure TypeScript: no Node, Office.js, exceljs or UI.',
          })),
          patterns: [{ group: ['node:*', 'exceljs/*', '@microsoft/office-js*'], message: 'shared/ is pure TypeScript: no Node, Office.js, exceljs or UI.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Excel', message: 'Office.js does not belong in shared/.' },
        { name: 'Office', message: 'Office.js does not belong in shared/.' },
        { name: 'process', message: 'Node globals do not belong in shared/.' },
        { name: 'Buffer', message: 'Node globals do not belong in shared/.' },
        { name: 'require', message: 'Node globals do not belong in shared/.' },
      ],
    },
  },
);
