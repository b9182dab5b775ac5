/**
 * The naive baseline: what a plain script would do — load every workbook with exceljs
 * `workbook.xlsx.load`, one after the other, and add up the figures typed in "Ước thực hiện".
 * No screening, no ledger, no archive, no appendix. Hostile files are left out: exceljs cannot
 * load them safely (a zip bomb alone takes hundreds of MB), which is why the worker screens.
 * Prints one JSON line (BaselineFigures) on stdout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { COL, FIRST_DATA_ROW, SHEET_NAME } from '../shared/layout.ts';
import { cpuEnd, cpuStart, type CpuFigures } from './machine.ts';

export interface BaselineFigures {
  files: number;
  loaded: number;
  failed: number;
  ms: number;
  filesPerSec: number;
  msPerFile: number;
  sum: number;
  peakRssMb: number;
  cpu: CpuFigures;
}

export async function baselineRun(args: { dir: string; names: string[] }): Promise<BaselineFigures> {
  const names = args.names.length ? args.names : readdirSync(args.dir).sort();
  let loaded = 0;
  let failed = 0;
  let sum = 0;
  const cpu = cpuStart();
  const t0 = performance.now();
  for (const name of names) {
    try {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(path.join(args.dir, name)) as unknown as ArrayBuffer);
      const ws = wb.getWorksheet(SHEET_NAME);
      if (!ws) throw new Error('no sheet');
      for (let row = FIRST_DATA_ROW; row < FIRST_DATA_ROW + 200; row++) {
        if (typeof ws.getCell(`${COL.stt}${row}`).value !== 'number') break;
        const v = ws.getCell(`${COL.actual}${row}`).value;
        if (typeof v === 'number') sum += v;
      }
      loaded++;
    } catch {
      failed++;
    }
  }
  const ms = performance.now() - t0;
  return {
    files: names.length,
    loaded,
    failed,
    ms,
    filesPerSec: (names.length / ms) * 1000,
    msPerFile: ms / names.length,
    sum,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    cpu: cpuEnd(cpu),
  };
}
