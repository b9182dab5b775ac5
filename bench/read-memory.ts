/**
 * The reading path on its own (issue 18): peak memory on one big file, and the time analyze()
 * (screen + read + check), screening and CRC-32 take per ordinary file. Not part of `npm run
 * bench`; run by hand, from source or compiled (`npm run build:node`, then `node
 * dist/node/bench/read-memory.js …`, what the worker runs):
 *
 *   node --import tsx bench/read-memory.ts big   [--mib 139] [--cols L]   peak RSS of one file
 *   node --import tsx bench/read-memory.ts time  [--files 400]            ms per ordinary file
 *   node --import tsx bench/read-memory.ts crc   [--files 400]            screening and CRC-32 only
 *   node --import tsx bench/read-memory.ts service [--mib 139]            /healthz while the service takes the big file
 *
 * `big` builds a department's real template (LDTBXH, filled) whose “Phụ lục 1” sheet, metadata
 * sheet and one added sheet hold rows of pasted numbers far below the form (by default in
 * columns L–U, outside the form's columns; `--cols A` puts them in the form's own columns), about
 * `--mib` MiB of worksheet XML in all, within the default screening limits (each part under
 * 50 MiB, the whole under 200 MiB, a compression ratio under 200:1), in a file of 10.4 MiB; then
 * analyses it in a fresh child process and prints the child's peak RSS (getrusage maxRSS), its
 * time and the verdict.
 *
 * `time` makes `--files` real submissions (two exceljs-filled templates per unit, each file with
 * its own core properties so every file is distinct), then runs analyze(), screenWorkbook() and
 * zlib.crc32 over every inflated entry, each five times, and prints the median ms per file.
 *
 * Figures (2-core machine, Node 20.20, compiled, other work loading it to ~4):
 *   big, 139 MiB of XML:  before issue 18 855 MB peak RSS (6.4 s); after 271 MB (3.9 s), of which
 *                         113 MB is the process before it starts. `--cols A`: 854 MB before (taken
 *                         with over a million cells in memory), 273 MB after (refused in 1.3 s: more
 *                         than 100 000 cells in the form's columns).
 *   ordinary files:       analyze() 0.665 → 0.630 ms per file (fastest of 21 interleaved passes;
 *                         medians 0.779 → 0.744); screening 0.126 → 0.144 ms (medians 0.156 →
 *                         0.168); zlib.crc32 alone 0.017–0.024 ms per file (36 KB inflated).
 *
 * `service` starts the worker as `phuluc start` does (the service and its HTTP server, in this
 * process), saves the big file in its shared folder, runs the inbox, and asks /healthz every 10 ms
 * while the file is taken: the answers' times (p50, p99, max) and the process's peak RSS.
 *
 * Prints one JSON line per measurement on stdout.
 */
import { collectionOf } from '../shared/collection.ts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { crc32 } from 'node:zlib';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { findUnit, indicatorsOf, reportingUnits } from '../shared/catalog.ts';
import { loadConfig, type Config } from '../worker/config.ts';
import { analyze } from '../worker/ingest/analyze.ts';
import { screenWorkbook } from '../worker/ingest/screen/index.ts';
import { buildTemplate } from '../worker/templates.ts';
import { demoFigures, typedValue } from '../worker/demo.ts';
import { fillTemplate, type FillValue } from '../tests/helpers/fill.ts';
import { deflatedEntry, writeZip } from '../tests/fixtures/hostile.ts';
import { rng } from './generate.ts';

const MiB = 1024 * 1024;

function config(): { cfg: Config; tmp: string } {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'phuluc-read-memory-'));
  return { cfg: loadConfig(undefined, { dataDir: tmp, inbox: { settleMs: 0 }, logLevel: 'silent' }), tmp };
}

/** Rows of pasted numbers from row `from`, 10 cells a row in columns `cols`, about `bytes` of XML. */
function filler(from: number, bytes: number, firstCol: string, random: () => number): { xml: Buffer; rows: number } {
  const cols = Array.from({ length: 10 }, (_, i) => String.fromCharCode(firstCol.charCodeAt(0) + i));
  const chunks: Buffer[] = [];
  let size = 0;
  let r = from;
  while (size < bytes) {
    let row = `<row r="${r}" spans="12:21" ht="15" customHeight="1" x14ac:dyDescent="0.25">`;
    for (const c of cols) row += `<c r="${c}${r}" s="0"><v>${c === cols[0] ? Math.floor(random() * 100) : r % 10}</v></c>`;
    row += '</row>';
    const b = Buffer.from(row, 'latin1');
    chunks.push(b);
    size += b.length;
    r++;
  }
  return { xml: Buffer.concat(chunks), rows: r - from };
}

/** The big file of `big`: ~`mib` MiB of worksheet XML over three sheets. */
export async function bigFile(cfg: Config, mib: number, firstCol: string): Promise<Uint8Array> {
  const unit = findUnit(cfg.catalog, 'LDTBXH')!;
  const figures = new Map<number, FillValue>([
    [11, { value: 2, note: null }],
    [14, { value: 942, note: 'Doanh nghiệp gặp khó khăn.' }],
  ]);
  const files = unzipSync(await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword), figures), {
    filter: (f) => !f.name.endsWith('/'),
  });
  const random = rng(18);
  const per = Math.floor((mib * MiB) / 3);
  const grow = (part: string, from: number) => {
    const xml = Buffer.from(files[part]).toString('latin1');
    const at = xml.indexOf('</sheetData>');
    const { xml: rows } = filler(from, per - xml.length, firstCol, random);
    files[part] = Buffer.concat([Buffer.from(xml.slice(0, at), 'latin1'), rows, Buffer.from(xml.slice(at), 'latin1')]);
  };
  grow('xl/worksheets/sheet1.xml', 60); // "Phụ lục 1"
  grow('xl/worksheets/sheet2.xml', 600); // the metadata sheet
  // A third sheet, "Dữ liệu", holding only pasted rows.
  const { xml: rows3 } = filler(1, per, firstCol, random);
  files['xl/worksheets/sheet3.xml'] = Buffer.concat([
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><sheetData>',
      'latin1',
    ),
    rows3,
    Buffer.from('</sheetData></worksheet>', 'latin1'),
  ]);
  const edit = (name: string, f: (s: string) => string) => (files[name] = strToU8(f(strFromU8(files[name]))));
  edit('xl/workbook.xml', (s) => s.replace('</sheets>', '<sheet sheetId="3" name="Dữ liệu" state="visible" r:id="rId99"/></sheets>'));
  edit('xl/_rels/workbook.xml.rels', (s) =>
    s.replace(
      '</Relationships>',
      '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/></Relationships>',
    ),
  );
  edit('[Content_Types].xml', (s) =>
    s.replace(
      '</Types>',
      '<Override PartName="/xl/worksheets/sheet3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
  );
  return writeZip(Object.entries(files).map(([name, data]) => deflatedEntry(name, data)));
}

/** `n` real submissions, as bench/generate.ts makes them (in memory). */
export async function ordinaryFiles(cfg: Config, n: number): Promise<Uint8Array[]> {
  const random = rng(2023);
  const figures = demoFigures().figures;
  const bases: Uint8Array[] = [];
  for (const unit of reportingUnits(cfg.catalog)) {
    const tpl = await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword);
    for (let k = 0; k < 2; k++) {
      const byStt = new Map<number, FillValue>();
      for (const ind of indicatorsOf(cfg.catalog, unit.code)) {
        const f = figures[ind.code];
        const typed = f ? typedValue(f.printed, false) : 1;
        byStt.set(ind.stt, { value: typed, note: k ? `${f?.note ?? 'Ghi chú'} (${random().toFixed(3)})` : (f?.note ?? 'Ghi chú.') });
      }
      bases.push(await fillTemplate(tpl, byStt));
    }
  }
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const files = unzipSync(bases[i % bases.length], { filter: (f) => !f.name.endsWith('/') });
    const core = strFromU8(files['docProps/core.xml']).replace(/(<cp:lastModifiedBy>)[^<]*/, `$1bench-${i}`);
    files['docProps/core.xml'] = strToU8(core);
    out.push(writeZip(Object.entries(files).map(([name, data]) => deflatedEntry(name, data))));
  }
  return out;
}

function child(args: string[]): unknown {
  const self = new URL(import.meta.url).pathname;
  const loader = self.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const r = spawnSync(process.execPath, [...loader, self, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) return { error: `child exited ${r.status ?? r.signal}` };
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      mib: { type: 'string', default: '139' },
      cols: { type: 'string', default: 'L' },
      files: { type: 'string', default: '400' },
      file: { type: 'string' },
    },
  });
  const what = positionals[0];
  const { cfg, tmp } = config();
  try {
    if (what === 'big') {
      const bytes = await bigFile(cfg, Number(values.mib), values.cols!);
      const file = path.join(tmp, 'big.xlsx');
      writeFileSync(file, bytes);
      const screened = screenWorkbook(bytes);
      const xml = screened.ok ? screened.uncompressedBytes : 0;
      process.stdout.write(
        `${JSON.stringify({ case: 'big', fileMiB: +(bytes.length / MiB).toFixed(2), uncompressedMiB: +(xml / MiB).toFixed(1), screening: screened.ok ? 'ok' : screened.problem.code, child: child(['analyse-one', '--file', file]) })}\n`,
      );
    } else if (what === 'analyse-one') {
      const bytes = new Uint8Array(readFileSync(values.file!));
      const rss0 = process.memoryUsage().rss;
      const t = performance.now();
      const r = analyze(bytes, collectionOf(cfg.catalog, cfg.period), cfg.limits.maxFileBytes);
      const ms = performance.now() - t;
      process.stdout.write(
        `${JSON.stringify({ ms: Math.round(ms), rssBeforeMb: Math.round(rss0 / MiB), peakRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / MiB), ok: r.ok, rows: r.rows, problems: r.problems.map((p) => p.message.slice(0, 160)) })}\n`,
      );
    } else if (what === 'time' || what === 'crc') {
      const files = await ordinaryFiles(cfg, Number(values.files));
      const kb = files.reduce((n, f) => n + f.length, 0) / files.length / 1024;
      for (const f of files.slice(0, 50)) analyze(f, collectionOf(cfg.catalog, cfg.period), cfg.limits.maxFileBytes); // warm up
      const contents = files.map((f) => Object.values(unzipSync(f)));
      const median = (run: () => void) => {
        const passes: number[] = [];
        for (let p = 0; p < 5; p++) {
          const t = performance.now();
          run();
          passes.push((performance.now() - t) / files.length);
        }
        return +passes.sort((a, b) => a - b)[2].toFixed(4);
      };
      const out: Record<string, unknown> = { case: what, files: files.length, avgFileKb: +kb.toFixed(1) };
      if (what === 'time') {
        out.analyseMsPerFile = median(() => {
          for (const f of files)
            if (!analyze(f, collectionOf(cfg.catalog, cfg.period), cfg.limits.maxFileBytes).ok) throw new Error('an ordinary file was rejected');
        });
      }
      out.screenMsPerFile = median(() => {
        for (const f of files) if (!screenWorkbook(f).ok) throw new Error('an ordinary file failed screening');
      });
      // What checking every entry's CRC-32 costs on its own: zlib.crc32 over every entry's inflated content.
      out.crcMsPerFile = median(() => {
        for (const c of contents) for (const part of c) crc32(part);
      });
      out.inflatedKbPerFile = +(contents.reduce((n, c) => n + c.reduce((m, p) => m + p.length, 0), 0) / files.length / 1024).toFixed(1);
      process.stdout.write(`${JSON.stringify(out)}\n`);
    } else if (what === 'service') {
      // The file is made here; the service runs in a fresh process, so its memory is its own.
      const bytes = await bigFile(cfg, Number(values.mib), values.cols!);
      const file = path.join(tmp, 'big.xlsx');
      writeFileSync(file, bytes);
      process.stdout.write(
        `${JSON.stringify({ case: 'service', fileMiB: +(bytes.length / MiB).toFixed(2), child: child(['service-one', '--file', file]) })}\n`,
      );
    } else if (what === 'service-one') {
      const [{ WorkerService }, { startHttp }, { createLogger }] = await Promise.all([
        import('../worker/service.ts'),
        import('../worker/http/server.ts'),
        import('../worker/log.ts'),
      ]);
      const svcCfg = loadConfig(undefined, { dataDir: path.join(tmp, 'service'), inbox: { settleMs: 0 }, logLevel: 'silent', http: { ...cfg.http, port: 0 } });
      const service = new WorkerService(svcCfg, createLogger('silent'));
      const http = await startHttp(service, 0);
      try {
        const { copyFileSync, mkdirSync } = await import('node:fs');
        mkdirSync(svcCfg.paths.inbox, { recursive: true });
        copyFileSync(values.file!, path.join(svcCfg.paths.inbox, 'big.xlsx'));
        const rss0 = process.memoryUsage().rss;
        let done = false;
        const t0 = performance.now();
        const run = service.runOnce().finally(() => (done = true));
        const times: number[] = [];
        while (!done) {
          const t = performance.now();
          const r = await fetch(`${http.url}/healthz`);
          await r.text();
          times.push(performance.now() - t);
          await new Promise((res) => setTimeout(res, 10));
        }
        const summary = await run;
        const sorted = [...times].sort((a, b) => a - b);
        const q = (p: number) => +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1);
        process.stdout.write(
          `${JSON.stringify({
            runMs: Math.round(performance.now() - t0),
            healthAnswers: times.length,
            healthP50Ms: q(0.5),
            healthP99Ms: q(0.99),
            healthMaxMs: q(1),
            rssBeforeMb: Math.round(rss0 / MiB),
            peakRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / MiB),
            outcome: summary.inbox.outcomes.map((o) => o.record.status),
          })}\n`,
        );
      } finally {
        await http.close();
        await service.stop();
      }
    } else {
      throw new Error('usage: read-memory.ts big|time|crc|service');
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const self = new URL(import.meta.url).pathname;
if (process.argv[1] && path.resolve(process.argv[1]) === self) await main();
