/**
 * Fuzz test of the reading path (issue 18): mutated workbooks of every kind the robustness run
 * fed the worker, through the real ingest() (SQLite ledger, store of originals in a temporary
 * folder, analysis on a thread so that a hang trips a timer instead of stalling the suite).
 *
 * The oracle never asks the worker's reader: each mutation knows what it did to a real
 * submission whose figures are known from how it was filled (tests/helpers/fill.ts), and the rows
 * of those figures were found with exceljs.
 *   - a CRC-32 left wrong (stored or deflated, with or without data descriptors), a doubled sheet,
 *     row or cell, a shared-string index that points nowhere, an inline string without <is>,
 *     broken XML: refused;
 *   - a re-zip (stored, deflated, data descriptors, entries re-ordered) with right CRCs: taken,
 *     with the figures of the original;
 *   - a digit of a figure changed with the CRC made right: taken with the changed figure, or
 *     refused at that figure's cell;
 *   - random bytes flipped, or the file cut short: refused, or taken with the original's figures.
 * And for every file: ingest() does not throw, finishes within PER_FILE_MS, keeps the original
 * under its SHA-256, and says nothing a library wrote in English.
 *
 * A few hundred files in the normal run; `PHULUC_FUZZ=5000` for thousands, `PHULUC_FUZZ_SEED` to
 * replay a seed (printed with the counts).
 */
import { collectionOf } from '../../shared/collection.ts';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnit, indicatorsOf } from '../../shared/catalog.ts';
import { META_SHEET, SHEET_NAME } from '../../shared/layout.ts';
import { isPercentIndicator } from '../../shared/report.ts';
import { percentFigure } from '../../shared/template-read.ts';
import type { Config } from '../../worker/config.ts';
import { ingest, type IngestOutcome } from '../../worker/ingest/index.ts';
import { AnalyzePool } from '../../worker/ingest/pool.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { realFigures, tempDir, testConfig } from '../helpers/worker.ts';
import {
  cellXml,
  changeDigit,
  edited,
  numberCell,
  partsOf,
  rng,
  rowXml,
  sharedCount,
  sheetPart,
  text,
  withSheetBefore,
  zipParts,
  type Part,
  type ZipOptions,
} from '../fixtures/mutate.ts';

const FILES = Number(process.env.PHULUC_FUZZ ?? 500);
const SEED = Number(process.env.PHULUC_FUZZ_SEED ?? 18_2023);
/** A file taking longer than this is a hang (a 10 KB file takes a few ms). */
const PER_FILE_MS = 30_000;

type Value = number | string | boolean | null;

interface Base {
  unit: string;
  bytes: Uint8Array;
  parts: Part[];
  form: string;
  meta: string;
  /** The figure of each indicator, as it was filled. */
  figures: Record<string, Value>;
  /** The row of each indicator (exceljs, column A). */
  rowOf: Map<string, number>;
}

/** What the worker must make of a mutated file. */
type Expect =
  | { kind: 'refused' }
  | { kind: 'same' }
  /** Taken with these figures, or refused at this cell. */
  | { kind: 'figures'; figures: Record<string, Value>; orRefusedAt: string }
  /** Refused, or taken with the original's figures. */
  | { kind: 'refused-or-same' }
  /** Taken with `code` blank and the rest the same, or refused for a reason other than damage. */
  | { kind: 'blank'; code: string };

interface Mutant {
  kind: string;
  bytes: Uint8Array;
  expect: Expect;
}

let cfg: Config;
let service: WorkerService;
let pool: AnalyzePool;
const bases: Base[] = [];

async function base(unitCode: string, printed: boolean): Promise<Base> {
  const unit = findUnit(cfg.catalog, unitCode)!;
  const fill = realFigures(cfg.catalog, unit, printed);
  const bytes = await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword), fill);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(SHEET_NAME)!;
  const figures: Record<string, Value> = {};
  const rowOf = new Map<string, number>();
  for (const ind of indicatorsOf(cfg.catalog, unitCode)) {
    figures[ind.code] = fill.get(ind.stt)!.value;
    for (let r = 1; r < 60; r++) if (ws.getCell(`A${r}`).value === ind.stt) rowOf.set(ind.code, r);
  }
  const parts = partsOf(bytes);
  return { unit: unitCode, bytes, parts, form: sheetPart(parts, SHEET_NAME), meta: sheetPart(parts, META_SHEET), figures, rowOf };
}

function pick<T>(random: () => number, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)];
}

function shuffled<T>(random: () => number, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function zipOptions(random: () => number): ZipOptions {
  return { method: random() < 0.5 ? 0 : 8, descriptor: random() < 0.3 };
}

/** The E cell of an indicator whose figure is in the sheet XML as a number. */
function numericFigures(b: Base): { code: string; row: number }[] {
  const xml = text(b.parts, b.form);
  return [...b.rowOf].filter(([, row]) => numberCell(xml, `E${row}`)).map(([code, row]) => ({ code, row }));
}

/** A digit of a figure changed in the XML (the number in the sheet, or the text in the shared strings). */
function digitChanged(b: Base, random: () => number): { parts: Part[]; changedPart: string; code: string; row: number; value: Value } | undefined {
  const numeric = numericFigures(b);
  if (numeric.length) {
    const { code, row } = pick(random, numeric);
    const cell = numberCell(text(b.parts, b.form), `E${row}`)!;
    const to = changeDigit(cell.value, random);
    // An indicator in % keeps its figure / 100 in its percentage cell (issue 20): the figure the cell shows.
    const ind = cfg.catalog.indicators.find((i) => i.code === code)!;
    const value = isPercentIndicator(ind) ? percentFigure(Number(to)) : Number(to);
    return { parts: edited(b.parts, b.form, (x) => x.replace(cell.whole, `${cell.open}<v>${to}</v></c>`)), changedPart: b.form, code, row, value };
  }
  // A text figure ("Dưới 1", "1.721,4"): its shared string.
  for (const [code, row] of b.rowOf) {
    const index = /t="s"><v>(\d+)<\/v>/.exec(cellXml(text(b.parts, b.form), `E${row}`) ?? '')?.[1];
    if (index === undefined) continue;
    const sst = text(b.parts, 'xl/sharedStrings.xml');
    const si = [...sst.matchAll(/<si>.*?<\/si>/g)][Number(index)];
    const inner = si && /^<si><t(?: [^>]*)?>([^<]*)<\/t><\/si>$/.exec(si[0]);
    if (!inner || !/\d/.test(inner[1])) continue;
    const to = changeDigit(inner[1], random);
    const replaced = si[0].replace(`>${inner[1]}<`, `>${to}<`);
    const parts = edited(b.parts, 'xl/sharedStrings.xml', (x) => x.slice(0, si.index) + replaced + x.slice(si.index! + si[0].length));
    return { parts, changedPart: 'xl/sharedStrings.xml', code, row, value: to };
  }
  return undefined;
}

/**
 * One mutated file of a kind chosen by `random`. Each is saved by “its own” person (the core
 * properties' lastModifiedBy, which no reader looks at), so that no two files are the same bytes.
 */
function mutant(base: Base, random: () => number, serial: number): Mutant {
  const b = { ...base, parts: edited(base.parts, 'docProps/core.xml', (x) => x.replace(/<cp:lastModifiedBy>[^<]*/, `<cp:lastModifiedBy>fuzz-${serial}`)) };
  const roll = random();
  const same = { kind: 'same' } as const;
  const refused = { kind: 'refused' } as const;
  const form = (edit: (x: string) => string) => edited(b.parts, b.form, edit);
  if (roll < 0.12) {
    // A digit of a figure changed, the CRC-32 left as it was.
    const d = digitChanged(b, random)!;
    const original = b.parts.find((p) => p.name === d.changedPart)!.data;
    const opts = zipOptions(random);
    return {
      kind: `crc-left-${opts.method === 0 ? 'stored' : 'deflated'}${opts.descriptor ? '-dd' : ''}`,
      bytes: zipParts(d.parts, { ...opts, crcOf: (p) => crc32(p.name === d.changedPart ? original : p.data) }).bytes,
      expect: refused,
    };
  }
  if (roll < 0.22) {
    const d = digitChanged(b, random)!;
    return {
      kind: 'digit-crc-fixed',
      bytes: zipParts(d.parts, zipOptions(random)).bytes,
      expect: { kind: 'figures', figures: { ...b.figures, [d.code]: d.value }, orRefusedAt: `E${d.row}` },
    };
  }
  if (roll < 0.34) {
    const order = random() < 0.5 ? shuffled(random, b.parts) : b.parts;
    const opts = zipOptions(random);
    return {
      kind: `rezip${order === b.parts ? '' : '-reordered'}${opts.method === 0 ? '-stored' : ''}${opts.descriptor ? '-dd' : ''}`,
      bytes: zipParts(order, opts).bytes,
      expect: same,
    };
  }
  if (roll < 0.38) {
    // Addresses left out where Excel infers them (a cell right after its neighbour, a row right
    // after the previous one): the same figures.
    const row = pick(random, [...b.rowOf.values()]);
    const omitted = form((x) => {
      const r = rowXml(x, row)!;
      const dropRow = random() < 0.3 && rowXml(x, row - 1) !== undefined;
      const cells = [...r.matchAll(/<c r="([A-Z]+)\d+"/g)];
      let out = r;
      for (let k = 0; k < cells.length; k++) {
        const adjacent = k === 0 ? cells[k][1] === 'A' : cells[k][1].charCodeAt(0) === cells[k - 1][1].charCodeAt(0) + 1 && cells[k][1].length === 1;
        if (adjacent && random() < 0.5) out = out.replace(cells[k][0], '<c');
      }
      if (dropRow || out === r) out = out.replace(`<row r="${row}"`, '<row');
      return x.replace(r, out);
    });
    return { kind: 'address-omitted', bytes: zipParts(omitted, zipOptions(random)).bytes, expect: same };
  }
  if (roll < 0.58) {
    // Bytes flipped: anywhere, or in one entry's data.
    const z = random() < 0.3 ? { bytes: base.bytes, data: [] } : zipParts(random() < 0.3 ? shuffled(random, b.parts) : b.parts, zipOptions(random));
    const bytes = z.bytes.slice();
    const inData = z.data.length > 0 && random() < 0.7;
    const span = inData ? pick(random, z.data) : { start: 0, end: bytes.length };
    const flips = 1 + Math.floor(random() * 4);
    for (let k = 0; k < flips; k++) bytes[span.start + Math.floor(random() * (span.end - span.start))] ^= 1 + Math.floor(random() * 255);
    return { kind: inData ? 'flip-entry-data' : 'flip-anywhere', bytes, expect: { kind: 'refused-or-same' } };
  }
  if (roll < 0.64) {
    const whole = random() < 0.5 ? base.bytes : zipParts(b.parts, zipOptions(random)).bytes;
    return { kind: 'truncated', bytes: whole.slice(0, Math.floor(random() * whole.length)), expect: { kind: 'refused-or-same' } };
  }
  if (roll < 0.7) {
    const name = pick(random, ['PHỤ LỤC 1', 'phụ lục 1', SHEET_NAME, SHEET_NAME.normalize('NFD')]);
    const row = pick(random, [...b.rowOf.values()]);
    // The copy, declared first, says something else in a figure's cell.
    const other = (x: string) => x.replace(cellXml(x, `E${row}`)!, `<c r="E${row}"><v>${1 + Math.floor(random() * 999)}</v></c>`);
    const twice =
      random() < 0.8
        ? withSheetBefore(b.parts, name, b.form, 'visible', other)
        : withSheetBefore(b.parts, pick(random, ['_PHULUC', '_phuluc', '_Phuluc']), b.meta, 'veryHidden');
    return { kind: 'duplicate-sheet', bytes: zipParts(twice, zipOptions(random)).bytes, expect: refused };
  }
  if (roll < 0.76) {
    const row = pick(random, [...b.rowOf.values()]);
    const identical = random() < 0.5;
    const twice = form((x) => {
      const r = rowXml(x, row)!;
      return x.replace(r, identical ? r + r : r + r.replace(/<v>(\d)/, (_all, d: string) => `<v>1${d}`));
    });
    return { kind: 'duplicate-row', bytes: zipParts(twice, zipOptions(random)).bytes, expect: refused };
  }
  if (roll < 0.82) {
    const row = pick(random, [...b.rowOf.values()]);
    const col = pick(random, ['A', 'B', 'D', 'E', 'G']);
    const twice = form((x) => {
      const c = cellXml(x, `${col}${row}`)!;
      return x.replace(c, random() < 0.5 ? c + c : c + `<c r="${col}${row}"><v>1</v></c>`);
    });
    return { kind: 'duplicate-cell', bytes: zipParts(twice, zipOptions(random)).bytes, expect: refused };
  }
  if (roll < 0.88) {
    const onForm = random() < 0.6;
    const part = onForm ? b.form : b.meta;
    const xml = text(b.parts, part);
    const stringCells = [...xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*t="s"[^>]*><v>\d+<\/v><\/c>/g)].map((m) => m[0]);
    const cell = pick(random, stringCells);
    const bad = pick(random, [
      String(sharedCount(b.parts)),
      String(sharedCount(b.parts) + 1 + Math.floor(random() * 1e6)),
      '-1',
      '-0',
      '2.5',
      '1e1',
      'x',
      '',
      ' 1',
      '0x1',
    ]);
    const broken = edited(b.parts, part, (x) => x.replace(cell, cell.replace(/<v>\d+<\/v>/, `<v>${bad}</v>`)));
    return { kind: `shared-string-${onForm ? 'form' : 'meta'}`, bytes: zipParts(broken, zipOptions(random)).bytes, expect: refused };
  }
  if (roll < 0.94) {
    const [code, row] = pick(random, [...b.rowOf]);
    const empty = random() < 0.4;
    const replaced = form((x) => {
      const c = cellXml(x, `E${row}`)!;
      const style = / s="\d+"/.exec(c)?.[0] ?? '';
      return x.replace(
        c,
        empty
          ? `<c r="E${row}"${style} t="inlineStr"><is><t></t></is></c>`
          : pick(random, [`<c r="E${row}"${style} t="inlineStr"/>`, `<c r="E${row}"${style} t="inlineStr"><v>1</v></c>`]),
      );
    });
    return {
      kind: empty ? 'inline-empty' : 'inline-without-is',
      bytes: zipParts(replaced, zipOptions(random)).bytes,
      expect: empty ? { kind: 'blank', code } : refused,
    };
  }
  // Broken XML, the CRC made right.
  const part = pick(random, [b.form, b.form, b.meta, 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/workbook.xml']);
  const broken = edited(b.parts, part, (x) => {
    const tags = [...x.matchAll(/<\/[A-Za-z:]+>/g)];
    const t = pick(random, tags);
    return x.slice(0, t.index) + pick(random, ['</x>', '<', '&bogus;', '</', '<<']) + x.slice(t.index! + t[0].length);
  });
  return { kind: 'broken-xml', bytes: zipParts(broken, zipOptions(random)).bytes, expect: refused };
}

const ENGLISH = /unexpected|close tag|element|attribute|entity|document|undefined|NaN|Error|_phuluc|\.xml|CRC/i;
const DAMAGE = /hỏng|bị một phần mềm khác sửa|không hợp lệ \(tệp/;

/** Why a file was refused, for the counts (from its message: a copy of an earlier file has no screening code). */
function reason(o: IngestOutcome): string {
  const m = o.record.problems[0]?.message ?? '';
  const known: [RegExp, string][] = [
    [/^Tệp bị hỏng: nội dung .* mã kiểm tra/, 'CRC-32'],
    [/^Tệp bị hỏng: nội dung .* không giải nén được/, 'deflate data'],
    [/cùng mang tên|trùng tên/, 'duplicate sheet'],
    [/Dòng \d+ được ghi hai lần/, 'duplicate row'],
    [/Ô này được ghi hai lần/, 'duplicate cell'],
    [/đoạn chữ không có trong tệp/, 'shared string'],
    [/chứa chữ nhưng không có nội dung/, 'inline string'],
    [/cấu trúc XML/, 'broken XML'],
    [/tệp bị hỏng hoặc đã bị một phần mềm khác sửa/, 'broken structure'],
    [/chưa có số liệu nào/, 'no figure'],
  ];
  return known.find(([re]) => re.test(m))?.[1] ?? o.screen ?? `other: ${m.slice(0, 60)}`;
}

function figuresOf(o: IngestOutcome, codes: string[]): Record<string, Value> {
  return Object.fromEntries(codes.map((c) => [c, o.record.rows?.[c]?.value ?? null]));
}

beforeAll(async () => {
  ({ cfg } = testConfig(tempDir('read-fuzz')));
  service = new WorkerService(cfg, createLogger('silent'));
  pool = new AnalyzePool({ threads: 1, callerRuns: false, collection: collectionOf(cfg.catalog, cfg.period), maxFileBytes: cfg.limits.maxFileBytes });
  for (const [unit, printed] of [
    ['LDTBXH', false],
    ['VHTT', false],
    ['TTYT', false],
    ['TCKH', true],
    ['KT', true],
  ] as const)
    bases.push(await base(unit, printed));
});

afterAll(async () => {
  await pool?.close();
  await service?.stop();
});

describe(`fuzz: ${FILES} mutated workbooks through ingest() (seed ${SEED})`, () => {
  it(
    'no figure read wrong, no crash, no hang, no original lost, no English',
    async () => {
      const ctx = await service.ingestContext(pool);
      const t0 = performance.now();
      // The originals first: taken, with their figures (the oracle's own check).
      for (const b of bases) {
        const o = await ingest(ctx, { bytes: b.bytes.slice(), fileName: `${b.unit}.xlsx`, source: 'inbox', receivedAt: '2023-11-20T03:00:00.000Z' });
        expect(o.record.status, `${b.unit}: ${JSON.stringify(o.record.problems)}`).toBe('accepted');
        expect(figuresOf(o, Object.keys(b.figures)), b.unit).toEqual(b.figures);
      }
      const random = rng(SEED);
      const failures: string[] = [];
      const kinds = new Map<string, number>();
      const reasons = new Map<string, number>();
      let accepted = 0;
      let copies = 0;
      for (let i = 0; i < FILES && failures.length < 10; i++) {
        const b = bases[i % bases.length];
        const m = mutant(b, random, i);
        kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
        const label = `#${i} ${b.unit} ${m.kind}`;
        let o: IngestOutcome;
        let timer: NodeJS.Timeout | undefined;
        try {
          o = await Promise.race([
            ingest(ctx, {
              bytes: m.bytes.slice(),
              fileName: `f${i}.xlsx`,
              source: 'inbox',
              receivedAt: new Date(Date.UTC(2023, 10, 20, 4, 0, i)).toISOString(),
            }),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${PER_FILE_MS} ms (hang)`)), PER_FILE_MS);
            }),
          ]);
        } catch (e) {
          failures.push(`${label}: ingest threw or hung: ${(e as Error).message}`);
          if (/hang/.test((e as Error).message)) break; // the analysis thread is stuck: nothing more can be measured
          continue;
        } finally {
          clearTimeout(timer);
        }
        // The original is kept, byte for byte, under its SHA-256.
        const sha = createHash('sha256').update(m.bytes).digest('hex');
        if (o.record.sha256 !== sha || !o.record.archivePath.includes(sha)) failures.push(`${label}: recorded under another hash`);
        else if (!Buffer.from(await ctx.store.get(o.record.archivePath)).equals(Buffer.from(m.bytes)))
          failures.push(`${label}: the original is not in the store`);

        if (o.duplicate) copies++; // the same bytes as an earlier mutant: its record, checked again
        const codes = Object.keys(b.figures);
        const ok = o.record.status === 'accepted';
        if (ok) accepted++;
        else {
          const r = reason(o);
          reasons.set(r, (reasons.get(r) ?? 0) + 1);
          for (const p of o.record.problems)
            if (ENGLISH.test(p.message)) failures.push(`${label}: English or internal words reach the department: ${p.message}`);
        }
        const got = ok ? figuresOf(o, codes) : undefined;
        const e = m.expect;
        const problem = JSON.stringify(o.record.problems).slice(0, 300);
        if (e.kind === 'refused' && ok) failures.push(`${label}: taken, should be refused; figures ${JSON.stringify(got)}`);
        if (e.kind === 'same' && (!ok || JSON.stringify(got) !== JSON.stringify(b.figures)))
          failures.push(`${label}: should be taken with the original's figures: ${ok ? JSON.stringify(got) : problem}`);
        if (e.kind === 'refused-or-same' && ok && JSON.stringify(got) !== JSON.stringify(b.figures))
          failures.push(`${label}: taken with figures changed: ${JSON.stringify(got)}`);
        if (e.kind === 'figures') {
          if (ok && JSON.stringify(got) !== JSON.stringify(e.figures))
            failures.push(`${label}: taken with ${JSON.stringify(got)}, the cells hold ${JSON.stringify(e.figures)}`);
          if (!ok && !o.record.problems.some((p) => p.cell === e.orRefusedAt)) failures.push(`${label}: refused, but not at ${e.orRefusedAt}: ${problem}`);
        }
        if (e.kind === 'blank') {
          const want = { ...b.figures, [e.code]: null };
          const blankOk = got && Object.entries(want).every(([c, v]) => (v === null ? got[c] === null || got[c] === '' : got[c] === v));
          if (ok && !blankOk) failures.push(`${label}: taken with ${JSON.stringify(got)}, expected ${e.code} blank and the rest unchanged`);
          if (!ok && o.record.problems.some((p) => DAMAGE.test(p.message)))
            failures.push(`${label}: an explicitly empty inline string is refused as damage: ${problem}`);
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        [
          `read fuzz, seed ${SEED}: ${FILES} files in ${seconds.toFixed(1)} s (${copies} the same bytes as an earlier one); ${accepted} taken, ${FILES - accepted} refused`,
          `  mutations: ${[...kinds]
            .sort()
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}`,
          `  refused for: ${[...reasons]
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}`,
        ].join('\n'),
      );
      expect(failures, `seed ${SEED}`).toEqual([]);
    },
    20 * 60_000,
  );
});
