/**
 * Killing the worker mid-run (SIGKILL, no chance to clean up) leaves the previous appendix intact,
 * loses no file, and the next run completes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUnit } from '../../shared/catalog.ts';
import { PROJECT_ROOT } from '../../worker/config.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { sha256 } from '../../worker/ingest/archive.ts';
import { SqliteLedger as Ledger } from '../../worker/ledger/sqlite.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { dropRealSubmissions, realFigures, tempDir, testConfig } from '../helpers/worker.ts';

const BIN = path.join(PROJECT_ROOT, 'bin/phuluc.js');

function run(config: string, killWhen?: () => boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'consolidate', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let killed = false;
    child.stdout.on('data', (d) => (stdout += d));
    const timer = killWhen && setInterval(() => {
      if (!killed && killWhen()) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, stdout, killed });
    });
  });
}

describe('a worker killed mid-run', () => {
  it('leaves the previous appendix intact and the next run completes', async () => {
    const { file: config, cfg } = testConfig(tempDir('crash'));
    await dropRealSubmissions(cfg, false);
    const first = await run(config);
    expect(first.code).toBe(0);
    const appendix = path.join(cfg.paths.out, 'phu-luc-1-2023-uoc.xlsx');
    const before = readFileSync(appendix);

    // A flood of resubmissions from one unit, each a little different.
    const unit = findUnit(cfg.catalog, 'LDTBXH')!;
    const tpl = await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword);
    const hashes: string[] = [];
    for (let i = 0; i < 120; i++) {
      const figures = realFigures(cfg.catalog, unit, false);
      figures.set(14, { value: 1000 + i, note: 'Doanh nghiệp gặp khó khăn, nhu cầu tuyển dụng giảm.' });
      const bytes = await fillTemplate(tpl, figures);
      hashes.push(sha256(bytes));
      writeFileSync(path.join(cfg.paths.inbox, `LDTBXH-${String(i).padStart(3, '0')}.xlsx`), bytes);
    }

    // Kill as soon as the run is under way: some files taken, others still in the inbox.
    const killed = await run(config, () => {
      const left = readdirSync(cfg.paths.inbox).length;
      return left > 0 && left < 110;
    });
    expect(killed.killed).toBe(true);
    expect(killed.signal).toBe('SIGKILL');

    // The appendix is whole: either the previous version, byte for byte, or a complete new one.
    const after = readFileSync(appendix);
    const wb = readXlsx(after);
    expect(wb.sheet('Phụ lục 1')).toBeDefined();
    expect(after.equals(before) || wb.sheets.length === 5).toBe(true);

    // The next run completes: every file taken, none lost, the newest figure in the appendix.
    const next = await run(config);
    expect(next.code).toBe(0);
    expect(readdirSync(cfg.paths.inbox)).toEqual([]);
    const ledger = new Ledger(cfg.paths.ledger);
    try {
      for (const h of hashes) expect((await ledger.bySha(h))?.status, h).toBe('accepted');
      const latest = (await ledger.latestAccepted(cfg.period.id)).get('LDTBXH')!;
      expect(latest.rows!.VIEC_LAM.value).toBe(1119);
    } finally {
      await ledger.close();
    }
    const sheet = readXlsx(readFileSync(appendix)).sheet('Phụ lục 1')!;
    expect(sheet.cells.get('E18')?.v).toBe('1.119');
    expect(readdirSync(cfg.paths.out).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    expect(existsSync(path.join(cfg.paths.out, 'history'))).toBe(true);
  });
});
