// Test helper: print workbooks to PDF with LibreOffice (headless) and read back the text of each
// page, to check what a printed page holds (page breaks, repeated header rows).
//
// The reader knows only what LibreOffice's PDF export writes: indirect objects, Flate streams,
// a page tree, TrueType fonts with a ToUnicode CMap, and text shown with Tj / TJ. It is no
// general PDF parser.

import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { convertArgs } from '../../worker/render/pdf.ts';
import { inflateSync } from 'node:zlib';

const PROFILE_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-US</value></prop></item>
</oor:items>
`;

let queue: Promise<unknown> = Promise.resolve();

/** Prints each workbook to PDF in ONE soffice run; per input path, the text of each page. */
export function printedPages(xlsxPaths: string[], timeoutMs = 90_000): Promise<Map<string, string[]>> {
  const run = queue.then(() => convert(xlsxPaths, timeoutMs));
  queue = run.catch(() => undefined);
  return run;
}

async function convert(inputs: string[], timeoutMs: number): Promise<Map<string, string[]>> {
  const root = mkdtempSync(path.join(tmpdir(), 'lo-pdf-'));
  try {
    mkdirSync(path.join(root, 'profile', 'user'), { recursive: true });
    writeFileSync(path.join(root, 'profile', 'user', 'registrymodifications.xcu'), PROFILE_XCU);
    const inDir = path.join(root, 'in');
    const outDir = path.join(root, 'out');
    mkdirSync(inDir);
    mkdirSync(outDir);
    const copies = inputs.map((f, i) => {
      const copy = path.join(inDir, `${i}.xlsx`);
      copyFileSync(f, copy);
      return copy;
    });
    await new Promise<void>((resolve, reject) => {
      execFile(
        'soffice',
        convertArgs(path.join(root, 'profile'), 'pdf', outDir, copies),
        { timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } },
        (err, _out, stderr) => {
          if (err) reject(new Error(`soffice failed: ${err.message}\n${stderr}`));
          else resolve();
        },
      );
    });
    const result = new Map<string, string[]>();
    inputs.forEach((f, i) => result.set(f, pdfPageTexts(readFileSync(path.join(outDir, `${i}.pdf`)))));
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  for (const m of text.matchAll(/(\d+) 0 obj\b/g)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const s = body.search(/stream\r?\n/);
    if (s < 0) {
      out.set(Number(m[1]), { dict: body });
      continue;
    }
    const dataStart = start + s + (body[s + 6] === '\r' ? 8 : 7);
    const dataEnd = text.lastIndexOf('endstream', end);
    let data = pdf.subarray(dataStart, dataEnd);
    if (/\/FlateDecode/.test(body.slice(0, s))) data = inflateSync(data);
    out.set(Number(m[1]), { dict: body.slice(0, s), stream: data });
  }
  return out;
}

const ref = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key}\\s*(\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : undefined;
};

/** code (hex) → text, from a ToUnicode CMap; and the code length in bytes. */
function toUnicode(cmap: string): { map: Map<string, string>; bytes: number } {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  const range = /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/.exec(cmap.slice(cmap.indexOf('begincodespacerange')));
  const bytes = range ? range[1].length / 2 : 1;
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(m[1].toUpperCase(), utf16(m[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      const list = m[4] ? [...m[4].matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => x[1]) : undefined;
      for (let c = lo; c <= hi; c++) {
        const key = c.toString(16).toUpperCase().padStart(m[1].length, '0');
        if (list) map.set(key, utf16(list[c - lo] ?? ''));
        else {
          const base = parseInt(m[3], 16) + (c - lo);
          map.set(key, utf16(base.toString(16).padStart(m[3].length, '0')));
        }
      }
    }
  }
  return { map, bytes };
}

/** The text of every page, in page order; the strings of one text object joined, text objects on separate lines. */
export function pdfPageTexts(pdf: Buffer): string[] {
  const objs = objects(pdf);
  const dictOf = (n: number | undefined) => (n === undefined ? '' : (objs.get(n)?.dict ?? ''));
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog/.test(o.dict))!;
  const pages: number[] = [];
  const walk = (n: number) => {
    const d = dictOf(n);
    if (/\/Type\s*\/Pages/.test(d)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(d)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+) 0 R/g)) walk(Number(k[1]));
    } else pages.push(n);
  };
  walk(ref(catalog.dict, 'Pages')!);
  const fontCache = new Map<number, ReturnType<typeof toUnicode>>();
  return pages.map((p) => {
    const page = dictOf(p);
    const resNo = ref(page, 'Resources');
    const res = resNo === undefined ? page : dictOf(resNo);
    const fontDictNo = ref(res, 'Font');
    const fontDict = fontDictNo === undefined ? (/\/Font\s*<<([\s\S]*?)>>/.exec(res)?.[1] ?? '') : dictOf(fontDictNo);
    const fonts = new Map<string, ReturnType<typeof toUnicode>>();
    for (const m of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const no = Number(m[2]);
      if (!fontCache.has(no)) {
        const tu = ref(dictOf(no), 'ToUnicode');
        fontCache.set(no, toUnicode(tu === undefined ? '' : (objs.get(tu)?.stream?.toString('latin1') ?? '')));
      }
      fonts.set(m[1], fontCache.get(no)!);
    }
    const contents = /\/Contents\s*\[([^\]]*)\]/.exec(page)?.[1] ?? `${ref(page, 'Contents')} 0 R`;
    const stream = [...contents.matchAll(/(\d+) 0 R/g)].map((m) => objs.get(Number(m[1]))?.stream?.toString('latin1') ?? '').join('\n');
    const lines: string[] = [];
    let font: ReturnType<typeof toUnicode> | undefined;
    let line = '';
    const decode = (hex: string) => {
      if (!font) return '';
      const n = font.bytes * 2;
      let s = '';
      for (let i = 0; i + n <= hex.length; i += n) s += font.map.get(hex.slice(i, i + n).toUpperCase()) ?? '';
      return s;
    };
    for (const m of stream.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|\bET\b/g)) {
      if (m[1] !== undefined) font = fonts.get(m[1]);
      else if (m[2] !== undefined) line += [...m[2].matchAll(/<([0-9A-Fa-f]*)>/g)].map((x) => decode(x[1])).join('');
      else if (m[3] !== undefined) line += decode(m[3]);
      else {
        if (line) lines.push(line);
        line = '';
      }
    }
    return lines.join('\n');
  });
}
