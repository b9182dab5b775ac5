/**
 * The house's rules bite: lint (eslint.config.js) refuses an import that points up or sideways, a
 * cycle, and shared/ reaching for a shell; `npm run cycles` (dpdm) refuses a cycle made of type
 * imports too. Each case is today's code with one import added, linted as if it were the file.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../worker/paths.ts';

const eslint = new ESLint({ cwd: PROJECT_ROOT });

/** The rules (with their messages) lint reports for `file` with `line` added at its end. */
async function withImport(file: string, line: string): Promise<string[]> {
  const code = `${readFileSync(path.join(PROJECT_ROOT, file), 'utf8')}\n${line}\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(PROJECT_ROOT, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint keeps imports one way and without cycles', () => {
  it('today’s product files pass', async () => {
    const files = [
      'worker/ledger/sqlite.ts',
      'worker/render/exceljs.ts',
      'worker/ingest/index.ts',
      'shared/catalog.ts',
      'console/App.tsx',
      'addin/app/TaskPane.tsx',
    ];
    for (const f of files) expect(await withImport(f, ''), f).toEqual([]);
  });

  it.each([
    ['worker/ledger/sqlite.ts', "import { ingest } from '../ingest/index.ts'; void ingest;", 'worker/ledger/ imports nothing from the floors above it'],
    [
      'worker/render/exceljs.ts',
      "import type { UnitStatus } from '../consolidate/statuses.ts'; export type U = UnitStatus;",
      'worker/render/ imports nothing from the floors above it',
    ],
    [
      'worker/ingest/index.ts',
      "import { describeProblem } from '../ingest/report.ts'; import { unitStatuses } from '../consolidate/statuses.ts'; void describeProblem; void unitStatuses;",
      'worker/ingest/ never imports up',
    ],
    [
      'worker/consolidate/appendix.ts',
      "import { processInbox } from '../ingest/inbox.ts'; void processInbox;",
      'worker/consolidate/ never imports up or sideways',
    ],
    ['shared/catalog.ts', "import { loadConfig } from '../worker/config.ts'; void loadConfig;", 'shared/ is the core'],
    ['console/App.tsx', "import { STATUS_COLORS } from '../addin/app/StatusBadge.tsx'; void STATUS_COLORS;", 'The console imports shared/ and ui/'],
  ])('an upward or sideways import in %s is an error', async (file, line, message) => {
    const messages = await withImport(file, line);
    expect(
      messages.filter((m) => m.startsWith('import-x/no-restricted-paths: Unexpected path') && m.includes(message)),
      messages.join('\n'),
    ).toHaveLength(1);
  });

  it('a cycle is an error (numbers.ts ← target.ts ← numbers.ts)', async () => {
    expect(await withImport('shared/numbers.ts', "import { parseTarget } from './target.ts'; void parseTarget;")).toContain(
      'import-x/no-cycle: Dependency cycle detected',
    );
  });
});

describe('npm run cycles finds cycles of type imports too', () => {
  it('fails on a copy of shared/ with one type import closing a circle, and passes on shared/ as it is', async () => {
    const exec = promisify(execFile);
    const dpdm = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'dpdm');
    const run = (cwd: string) =>
      exec(dpdm, ['--no-tree', '--no-warning', '--no-progress', '--exit-code', 'circular:1', 'shared/**/*.ts'], { cwd }).then(
        () => 0,
        (e: { code: number }) => e.code,
      );
    const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-cycles-'));
    try {
      cpSync(path.join(PROJECT_ROOT, 'shared'), path.join(dir, 'shared'), { recursive: true });
      symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
      expect(await run(dir)).toBe(0);
      const target = path.join(dir, 'shared', 'target.ts');
      writeFileSync(target, `import type { Catalog } from './catalog.ts';\nexport type CatalogOfTarget = Catalog;\n${readFileSync(target, 'utf8')}`);
      expect(await run(dir)).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
