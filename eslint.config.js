import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'url', 'util', 'stream', 'worker_threads', 'events', 'http', 'https', 'net', 'zlib', 'buffer', 'process'];

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
    // The functional core stays pure: no Node built-ins, no Office.js, no exceljs.
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'exceljs', 'better-sqlite3', 'fastify', 'node-cron', 'pino', 'react'].map((name) => ({ name, message: 'shared/ is pure TypeScript: no Node, Office.js, exceljs or UI.' })),
        patterns: [{ group: ['node:*', 'exceljs/*', '@microsoft/office-js*'], message: 'shared/ is pure TypeScript: no Node, Office.js, exceljs or UI.' }],
      }],
      'no-restricted-globals': ['error',
        { name: 'Excel', message: 'Office.js does not belong in shared/.' },
        { name: 'Office', message: 'Office.js does not belong in shared/.' },
        { name: 'process', message: 'Node globals do not belong in shared/.' },
        { name: 'Buffer', message: 'Node globals do not belong in shared/.' },
        { name: 'require', message: 'Node globals do not belong in shared/.' },
      ],
    },
  },
);
