/**
 * Submissions for the benchmark: N filled workbooks from the catalogue's real templates, spread
 * over the reporting units as a province's worth of departments would send them, with varied
 * values, a few invalid ones and a few hostile ones.
 *
 * exceljs costs 10–20 ms to fill one workbook, so each unit gets a handful of distinct filled
 * workbooks from exceljs (fillTemplate, like a department typing), and every file is then made
 * from one of them by editing its sheet XML inside the zip (fflate): each numeric figure moves a
 * little and the save time changes, so every file has its own SHA-256 and its own values.
 */
import { collectionOf } from '../shared/collection.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { indicatorsOf, reportingUnits, type Indicator, type Unit } from '../shared/catalog.ts';
import { META_SHEET } from '../shared/layout.ts';
import type { Config } from '../worker/config.ts';
import { demoFigures, typedValue } from '../worker/demo.ts';
import { fillTemplate, type FillValue } from '../tests/helpers/fill.ts';
import { analyze } from '../worker/ingest/analyze.ts';
import {
  makeCorruptZip,
  makeEncryptedWorkbook,
  makeLyingZipBomb,
  makeWholeColumnValidation,
  makeXlsm,
  makeXlsRenamed,
  writeZip,
  type RawZipEntry,
} from '../tests/fixtures/hostile.ts';
import { buildTemplate } from '../worker/templates.ts';
import { isPercentIndicator } from '../shared/report.ts';
import { readXlsx } from '../worker/ingest/read/xlsx.ts';

export type Expect = 'accepted' | 'rejected';

export interface GenFile {
  name: string;
  /** The unit whose template it is (null for hostile files). */
  unit: string | null;
  expect: Expect;
  kind: string;
}

export interface Generated {
  dir: string;
  files: GenFile[];
  /** One more valid file, kept aside for the "one new file" measurement. */
  extra: { file: string; unit: string };
  ms: number;
}

/** Small, seeded, good enough for varied figures (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function clampRound(ind: Indicator, v: number): number {
  const f = 10 ** ind.decimals;
  const r = Math.round(v * f) / f;
  return Math.min(ind.bounds.max, Math.max(ind.bounds.min, r));
}

/** A unit's filled workbook, unzipped, ready to be varied. */
interface Variant {
  unit: Unit;
  parts: Record<string, Uint8Array>;
  /** The same parts compressed once, in order: a new file re-compresses only what it changes. */
  raw: RawZipEntry[];
  /** The worksheet part of "Phụ lục 1" and each numeric figure's row there (none for invalid variants). */
  sheetPart: string;
  numericRows: { row: number; ind: Indicator }[];
  expect: Expect;
  kind: string;
}

const NOTE = 'Số liệu do đơn vị tổng hợp, ước thực hiện đến 31/12.';

/** Rows of each indicator in a unit's template, from its metadata sheet. */
function templateRows(tpl: Uint8Array): Map<string, number> {
  const meta = readXlsx(tpl, [META_SHEET]).sheet(META_SHEET);
  const rows = new Map<string, number>();
  if (!meta) return rows;
  for (let r = 1; r <= 500; r++) {
    const k = meta.cells.get(`A${r}`);
    if (!k) break;
    const key = String(k.v);
    if (key.startsWith('row:')) rows.set(key.slice(4), Number(meta.cells.get(`B${r}`)?.v));
  }
  return rows;
}

function sheetPartOf(parts: Record<string, Uint8Array>): string {
  // exceljs writes the sheets in order: "Phụ lục 1" first, the metadata sheet second.
  const wb = strFromU8(parts['xl/workbook.xml']);
  const rels = strFromU8(parts['xl/_rels/workbook.xml.rels']);
  const m = /<sheet [^>]*name="Phụ lục 1"[^>]*r:id="([^"]+)"/.exec(wb);
  const t = m && new RegExp(`Id="${m[1]}"[^>]*Target="([^"]+)"`).exec(rels);
  if (!t) throw new Error('bench: cannot find the worksheet part of "Phụ lục 1"');
  return `xl/${t[1].replace(/^\/?xl\//, '')}`;
}

function entry(name: string, data: Uint8Array): RawZipEntry {
  return { name, data: new Uint8Array(deflateRawSync(data, { level: 6 })), method: 8, crc: crc32(data), size: data.length };
}

function unzipVariant(bytes: Uint8Array): Pick<Variant, 'parts' | 'raw'> {
  const all = unzipSync(bytes);
  const parts: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(all)) if (!k.endsWith('/')) parts[k] = v;
  return { parts, raw: Object.entries(parts).map(([k, v]) => entry(k, v)) };
}

/** A new file from a variant: figures moved by up to ±2 % (valid variants only) and a new save time. */
function derive(v: Variant, serial: number, random: () => number): Uint8Array {
  const parts: Record<string, Uint8Array> = {};
  if (v.numericRows.length) {
    let xml = strFromU8(v.parts[v.sheetPart]);
    for (const { row, ind } of v.numericRows) {
      xml = xml.replace(new RegExp(`(<c r="E${row}"(?: s="\\d+")?><v>)([^<]+)(</v>)`), (_all, a: string, num: string, b: string) => {
        const value = clampRound(ind, Number(num) * (1 + (random() - 0.5) * 0.04));
        return `${a}${value}${b}`;
      });
    }
    parts[v.sheetPart] = strToU8(xml);
  }
  const saved = new Date(Date.UTC(2023, 10, 1) + serial * 61_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const core = v.parts['docProps/core.xml'];
  if (core) {
    parts['docProps/core.xml'] = strToU8(
      strFromU8(core)
        .replace(/(<dcterms:modified[^>]*>)[^<]*/, `$1${saved}`)
        .replace(/(<cp:lastModifiedBy>)[^<]*/, `$1${v.unit.code}-${serial}`),
    );
  }
  return writeZip(v.raw.map((e) => (parts[e.name] ? entry(e.name, parts[e.name]) : e)));
}

export async function generateSubmissions(cfg: Config, dir: string, n: number, seed = 2023): Promise<Generated> {
  const t0 = performance.now();
  const random = rng(seed);
  mkdirSync(dir, { recursive: true });
  const figures = demoFigures().figures;
  const units = reportingUnits(cfg.catalog);
  const variants = new Map<string, Variant[]>();
  const invalid: Variant[] = [];
  const validSample = new Map<string, Uint8Array>();

  for (const unit of units) {
    const tpl = await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword);
    const rows = templateRows(tpl);
    const inds = indicatorsOf(cfg.catalog, unit.code);
    const list: Variant[] = [];
    for (let k = 0; k < 3; k++) {
      const byStt = new Map<number, FillValue>();
      const numericRows: Variant['numericRows'] = [];
      for (const ind of inds) {
        const f = figures[ind.code];
        const typed = f ? typedValue(f.printed, false) : 1;
        const value = typeof typed === 'number' ? clampRound(ind, typed * (0.9 + random() * 0.25)) : typed;
        // Figures varied in place in the sheet's XML; not those of an indicator in %, whose cell holds the figure / 100.
        if (typeof value === 'number' && rows.has(ind.code) && !isPercentIndicator(ind)) numericRows.push({ row: rows.get(ind.code)!, ind });
        byStt.set(ind.stt, { value, note: f?.note ?? NOTE });
      }
      const bytes = await fillTemplate(tpl, byStt);
      const check = analyze(bytes, collectionOf(cfg.catalog, cfg.period), cfg.limits.maxFileBytes);
      if (!check.ok) throw new Error(`bench: a valid ${unit.code} variant was rejected: ${check.problems[0]?.message}`);
      if (k === 0) validSample.set(unit.code, bytes);
      const z = unzipVariant(bytes);
      list.push({ unit, ...z, sheetPart: sheetPartOf(z.parts), numericRows, expect: 'accepted', kind: 'valid' });
    }
    variants.set(unit.code, list);
  }

  // Invalid submissions: what departments really get wrong (errors; a missing explanation or a
  // blank figure is a warning and is accepted).
  const mistakes: { unit: string; code: string; value: FillValue['value']; note: string | null; kind: string }[] = [
    { unit: 'KT', code: 'SL_LUONG_THUC', value: 'khoảng mười lăm nghìn tấn', note: NOTE, kind: 'text-in-number' },
    { unit: 'CCTK', code: 'THU_NHAP', value: 'Ước đạt 63.41', note: NOTE, kind: 'dot-as-decimal-comma' },
    { unit: 'TNMT', code: 'RAC_THAI', value: 150, note: NOTE, kind: 'out-of-bounds' },
    // A unit word of another indicator: “942 người” is read as 942 people since issue 20.
    { unit: 'LDTBXH', code: 'VIEC_LAM', value: '942 hộ', note: NOTE, kind: 'unit-in-figure' },
  ];
  for (const m of mistakes) {
    const unit = units.find((u) => u.code === m.unit);
    if (!unit) continue;
    const tpl = await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword);
    const byStt = new Map<number, FillValue>();
    for (const ind of indicatorsOf(cfg.catalog, unit.code)) {
      const f = figures[ind.code];
      byStt.set(ind.stt, ind.code === m.code ? { value: m.value, note: m.note } : { value: f ? typedValue(f.printed, false) : 1, note: f?.note ?? NOTE });
    }
    const bytes = await fillTemplate(tpl, byStt);
    const check = analyze(bytes, collectionOf(cfg.catalog, cfg.period), cfg.limits.maxFileBytes);
    if (check.ok) throw new Error(`bench: the ${m.kind} variant of ${m.unit} was accepted`);
    const z = unzipVariant(bytes);
    invalid.push({ unit, ...z, sheetPart: sheetPartOf(z.parts), numericRows: [], expect: 'rejected', kind: m.kind });
  }

  // Hostile files, once each: what the screen exists for.
  const sample = validSample.values().next().value!;
  const hostile: { kind: string; bytes: Uint8Array }[] = [
    { kind: 'xls-renamed', bytes: makeXlsRenamed() },
    { kind: 'encrypted', bytes: makeEncryptedWorkbook() },
    { kind: 'lying-zip-bomb', bytes: makeLyingZipBomb({ uncompressedBytes: 256 * 1024 * 1024 }) },
    { kind: 'whole-column-validation', bytes: makeWholeColumnValidation(sample) },
    { kind: 'xlsm', bytes: makeXlsm(sample) },
    { kind: 'truncated', bytes: makeCorruptZip(sample, 'truncate') },
  ];

  const files: GenFile[] = [];
  const hostileAt = new Map<number, (typeof hostile)[number]>();
  if (n >= 100) hostile.forEach((h, k) => hostileAt.set(Math.floor(((k + 0.5) * (n - units.length)) / hostile.length), h));
  let invalidNext = 0;
  const write = (i: number, v: Variant | null, bytes: Uint8Array, kind: string) => {
    const name = `${String(i + 1).padStart(6, '0')}_${v ? v.unit.code : 'KHAC'}.xlsx`;
    writeFileSync(path.join(dir, name), bytes);
    files.push({ name, unit: v ? v.unit.code : null, expect: v ? v.expect : 'rejected', kind });
  };
  for (let i = 0; i < n; i++) {
    const h = hostileAt.get(i);
    if (h) {
      write(i, null, h.bytes, h.kind);
      continue;
    }
    // The last round: one valid file per unit, so every unit ends with a usable submission.
    const finalRound = i >= n - units.length;
    if (!finalRound && i % 50 === 25 && invalid.length) {
      const v = invalid[invalidNext++ % invalid.length];
      write(i, v, derive(v, i, random), v.kind);
      continue;
    }
    const unit = finalRound ? units[i - (n - units.length)] : units[Math.floor(random() * units.length)];
    const list = variants.get(unit.code)!;
    const v = list[Math.floor(random() * list.length)];
    write(i, v, derive(v, i, random), v.kind);
  }
  const extraUnit = units[0];
  const extraFile = path.join(path.dirname(dir), `${path.basename(dir)}-extra.xlsx`);
  writeFileSync(extraFile, derive(variants.get(extraUnit.code)![0], n + 1, random));
  return { dir, files, extra: { file: extraFile, unit: extraUnit.code }, ms: Math.round(performance.now() - t0) };
}

/** Each unit's latest file that should be accepted, in the order the worker takes them (by name). */
export function expectedLatest(files: GenFile[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) if (f.unit && f.expect === 'accepted') m.set(f.unit, f.name);
  return m;
}
