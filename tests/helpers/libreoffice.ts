// Test helper: let LibreOffice (headless) recalculate every formula in .xlsx
// files and read back the computed values as CSV, one table per sheet.
//
// LibreOffice keeps the cached formula results stored in an .xlsx by default
// (OOXMLRecalcMode = "never"), so a private profile forces "always recalculate".
// The profile also pins the locale to en-US so numbers use "." as the decimal
// separator whatever the machine's locale is.

import { spawn } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { convertArgs } from '../../worker/render/pdf.ts';

export type Rows = string[][];

export interface RecalcOptions {
  /** Kill soffice and reject after this many milliseconds (default 60 000). */
  timeoutMs?: number;
}

// Filter options, by position: field separator ",", text delimiter '"', UTF-8,
// first line 1, cell format (import only), language (import only),
// quoted field as text, detect special numbers, save cell contents as shown = false
// (raw values, not the cell's number format), export formulas = false,
// remove spaces = false, sheet -1 = every sheet into "<base>-<SheetName>.csv".
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1';

const PROFILE_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-US</value></prop></item>
</oor:items>
`;

let available: boolean | undefined;

/** True when `soffice` is on PATH. */
export function libreOfficeAvailable(): boolean {
  if (available === undefined) {
    available = (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
      try {
        accessSync(path.join(dir, 'soffice'), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  }
  return available;
}

/**
 * For `describe.skipIf(!libreOfficeOrSkip())`-style use: true when the tests can run; warns when
 * they cannot; throws in CI, where LibreOffice must be installed (.ci/run does).
 */
export function libreOfficeOrSkip(what = 'các kiểm thử dùng LibreOffice'): boolean {
  if (libreOfficeAvailable()) return true;
  if (process.env.CI) throw new Error('CI=true but soffice is not on PATH: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui');
  console.warn(`Không thấy LibreOffice (soffice): bỏ qua ${what} (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui để chạy).`);
  return false;
}

// One temporary root per process: the LibreOffice profile plus one work folder per call.
let root: string | undefined;
let callCount = 0;
// Calls sharing a profile must not overlap, so they run one after another.
let queue: Promise<unknown> = Promise.resolve();

function ensureRoot(): string {
  if (root === undefined) {
    const dir = mkdtempSync(path.join(tmpdir(), 'lo-recalc-'));
    mkdirSync(path.join(dir, 'profile', 'user'), { recursive: true });
    writeFileSync(path.join(dir, 'profile', 'user', 'registrymodifications.xcu'), PROFILE_XCU);
    root = dir;
    process.once('exit', disposeLibreOffice);
  }
  return root;
}

/** Delete the temporary profile; the next call creates a fresh one. Runs on process exit anyway. */
export function disposeLibreOffice(): void {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
}

/**
 * Recalculate the given workbooks in ONE soffice run and return, per input path,
 * every sheet (in workbook order) as rows of cell texts, starting at A1.
 */
export function recalcAllSheets(xlsxPaths: string[], opts: RecalcOptions = {}): Promise<Map<string, Map<string, Rows>>> {
  const run = queue.then(() => convert([...new Set(xlsxPaths)], opts.timeoutMs ?? 60_000));
  queue = run.catch(() => undefined);
  return run;
}

/** Like recalcAllSheets, but only the first sheet of each workbook. */
export async function recalcToCsv(xlsxPaths: string[], opts?: RecalcOptions): Promise<Map<string, Rows>> {
  const all = await recalcAllSheets(xlsxPaths, opts);
  return new Map([...all].map(([file, sheets]) => [file, sheets.values().next().value ?? []]));
}

/** The text of one cell, e.g. cellAt(rows, 'B3'); '' outside the exported range. */
export function cellAt(rows: Rows, ref: string): string {
  const m = /^([A-Z]+)(\d+)$/i.exec(ref);
  if (!m) throw new Error(`Bad cell reference: ${ref}`);
  const col = [...m[1].toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return rows[Number(m[2]) - 1]?.[col - 1] ?? '';
}

async function convert(inputs: string[], timeoutMs: number): Promise<Map<string, Map<string, Rows>>> {
  const result = new Map<string, Map<string, Rows>>();
  if (inputs.length === 0) return result;
  const base = ensureRoot();
  const work = path.join(base, `call-${++callCount}`);
  const inDir = path.join(work, 'in');
  const outDir = path.join(work, 'out');
  mkdirSync(inDir, { recursive: true });
  mkdirSync(outDir);
  try {
    // Copy to "<index>.xlsx" so equal base names cannot collide and the
    // output "<index>-<SheetName>.csv" maps back to its input unambiguously.
    const copies = inputs.map((file, i) => {
      const copy = path.join(inDir, `${i}${path.extname(file) || '.xlsx'}`);
      copyFileSync(file, copy);
      return copy;
    });
    const args = convertArgs(path.join(base, 'profile'), CSV_FILTER, outDir, copies);
    const { stdout, stderr } = await runSoffice(args, timeoutMs);

    // soffice prints "Writing sheet <name> -> <file>" in workbook order; use it to order sheets.
    const written = [...stdout.matchAll(/^Writing sheet .* -> (.*)$/gm)].map((m) => path.basename(m[1].trim()));
    const order = (file: string) => (written.includes(file) ? written.indexOf(file) : Number.MAX_SAFE_INTEGER);
    const outputs = readdirSync(outDir).filter((f) => f.endsWith('.csv'));
    outputs.sort((a, b) => order(a) - order(b) || a.localeCompare(b));

    const failed: string[] = [];
    inputs.forEach((file, i) => {
      const prefix = `${i}-`;
      const sheets = new Map<string, Rows>();
      for (const out of outputs.filter((f) => f.startsWith(prefix))) {
        const rows = parseCsv(readFileSync(path.join(outDir, out), 'utf8'));
        // An empty sheet is written as a single empty line.
        const empty = rows.length === 1 && rows[0].length === 1 && rows[0][0] === '';
        sheets.set(out.slice(prefix.length, -'.csv'.length), empty ? [] : rows);
      }
      if (sheets.size === 0) failed.push(file);
      result.set(file, sheets);
    });
    // soffice exits with 0 even when a file cannot be loaded, so check every input.
    if (failed.length > 0) {
      throw new Error(
        `LibreOffice produced no CSV for: ${failed.join(', ')} (the file could not be loaded as a spreadsheet)\nstdout:\n${stdout}\nstderr:\n${stderr}`,
      );
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function runSoffice(args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // C.UTF-8 so output files named after non-ASCII sheet names can be written.
    const env = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
    // Own process group: soffice starts soffice.bin as a child, and a timeout must kill both.
    const child = spawn('soffice', args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`Could not start soffice: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && !timedOut) return resolve({ stdout, stderr });
      const why = timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${code ?? signal}`;
      reject(new Error(`soffice ${why}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });
}

/** Parse CSV as LibreOffice writes it: "," separator, '"' quoting with "" escapes, fields may span lines. */
export function parseCsv(text: string): Rows {
  const rows: Rows = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') {
        field += ch;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
