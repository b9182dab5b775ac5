/**
 * Killing the worker mid-run (SIGKILL, no chance to clean up) at each point where it writes —
 * after keeping an original, after recording it, after the history copy of the new appendix, with
 * the new appendix's temporary file half made, after the rename — leaves the previous appendix or
 * the complete new one, loses no file, records none twice, and the next run completes and removes
 * what the killed one left half-written.
 */
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findUnit } from '../../shared/catalog.ts';
import { PROJECT_ROOT, loadConfig, type Config } from '../../worker/config.ts';
import type { CrashPoint } from '../../worker/faults.ts';
import { sha256 } from '../../worker/ingest/archive.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { SqliteLedger } from '../../worker/ledger/sqlite.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { dropRealSubmissions, realFigures, tempDir, testConfig } from '../helpers/worker.ts';

const BIN = path.join(PROJECT_ROOT, 'bin/phuluc.js');

function run(config: string, crashAt?: CrashPoint): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...(crashAt ? { PHULUC_CRASH_AT: crashAt } : {}) };
    const child = spawn(process.execPath, [BIN, 'consolidate', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout }));
  });
}

/** Everything a killed run may have left half-written. */
function temporaries(root: string): string[] {
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => /\.(xlsx|json|txt|bin)\.\d+$|\.phuluc-tmp$|^\.tmp-/.test(path.basename(f)));
}

let base: string;
let resubmission: Uint8Array;

beforeAll(async () => {
  // A consolidated period (the 13 real submissions), and a resubmission waiting to be taken.
  base = tempDir('crash-base');
  const { file, cfg } = testConfig(base);
  await dropRealSubmissions(cfg, false);
  expect((await run(file)).code).toBe(0);
  const unit = findUnit(cfg.catalog, 'LDTBXH')!;
  const figures = realFigures(cfg.catalog, unit, false);
  figures.set(14, { value: 1119, note: 'Doanh nghiệp gặp khó khăn, nhu cầu tuyển dụng giảm.' });
  resubmission = await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword), figures);
});

const POINTS: CrashPoint[] = ['ingest:kept', 'ingest:recorded', 'appendix:history', 'appendix:temp', 'appendix:renamed'];

describe('a worker killed while writing', () => {
  it.each(POINTS)('at %s: the appendix is whole, nothing is lost or doubled, the next run completes', async (point) => {
    const dir = tempDir(`crash-${point.replace(':', '-')}`);
    cpSync(base, dir, { recursive: true });
    const configFile = path.join(dir, 'phuluc.config.json');
    const cfg: Config = loadConfig(configFile);
    const appendix = path.join(cfg.paths.out, 'phu-luc-1-2023-uoc.xlsx');
    const before = readFileSync(appendix);
    const recorded = new SqliteLedger(cfg.paths.ledger);
    const versionBefore = await recorded.lastAppendix(cfg.period.id).finally(() => recorded.close());
    expect(versionBefore, 'the base run recorded its appendix').toBeDefined();
    writeFileSync(path.join(cfg.paths.inbox, 'LDTBXH-nop-lai.xlsx'), resubmission);

    const killed = await run(configFile, point);
    expect(killed.signal, killed.stdout).toBe('SIGKILL');

    // The appendix is whole: the previous version byte for byte, or the complete new one.
    const after = readFileSync(appendix);
    const fresh = !after.equals(before);
    if (point === 'appendix:renamed') expect(fresh).toBe(true);
    else expect(fresh).toBe(false);
    const book = readXlsx(after);
    expect(book.sheets.map((s) => s.name)).toEqual(['Phụ lục 1', '_phuluc', 'Tình hình nộp', 'Nguồn số liệu', 'Cảnh báo', 'Tệp bị từ chối']);
    if (point === 'appendix:temp') expect(temporaries(cfg.paths.out).length).toBe(1); // the half-made one

    // The next run completes: the file taken once, the newest figure printed, nothing half-written left.
    const next = await run(configFile);
    expect(next.code, next.stdout).toBe(0);
    expect(readdirSync(cfg.paths.inbox)).toEqual([]);
    const ledger = new SqliteLedger(cfg.paths.ledger);
    try {
      expect((await ledger.bySha(sha256(resubmission)))?.status).toBe('accepted');
      expect(await ledger.count()).toBe(14);
      expect((await ledger.latestAccepted(cfg.period.id)).get('LDTBXH')!.rows!.VIEC_LAM.value).toBe(1119);
      // A new version is recorded, and its history copy is the appendix now in place.
      const version = (await ledger.lastAppendix(cfg.period.id))!;
      expect(version.contentHash).not.toBe(versionBefore!.contentHash);
      expect(readFileSync(version.path).equals(readFileSync(appendix)), version.path).toBe(true);
      expect(readFileSync(appendix).equals(before)).toBe(false);
    } finally {
      await ledger.close();
    }
    expect(readXlsx(readFileSync(appendix)).sheet('Phụ lục 1')!.cells.get('E18')?.v).toBe('1.119');
    expect(temporaries(cfg.paths.root)).toEqual([]);
    // Every original is kept once, with its sidecar.
    const kept = readdirSync(cfg.paths.archive, { recursive: true }).map(String);
    expect(kept.filter((f) => f.endsWith('.xlsx')).length).toBe(14);
    expect(kept.filter((f) => f.endsWith('.json')).length).toBe(14);
  });
});
