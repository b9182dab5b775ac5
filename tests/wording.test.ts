/**
 * The words users read, product-wide (../shared/GLOSSARY.md): every Vietnamese string in shared/,
 * worker/ and console/, and what a run really produces — the command line's output, the report
 * beside a rejected file, every cell of the appendix's sheets — against the glossary's "avoid"
 * list, ISO times, numbers written the English way or without thousands separators, and codes
 * where names belong. (The pane's own strings and states: tests/addin/wording.test.ts and the
 * browser tests.)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { findUnit, reportingUnits } from '../shared/catalog.ts';
import { PROJECT_ROOT } from '../worker/paths.ts';
import { readXlsx } from '../worker/ingest/read/xlsx.ts';
import { buildTemplate } from '../worker/templates.ts';
import { makeXlsRenamed } from './fixtures/hostile.ts';
import { phuluc } from './helpers/cli.ts';
import { fillTemplate } from './helpers/fill.ts';
import { glossaryBreaches, UNSEPARATED_THOUSANDS } from './helpers/glossary.ts';
import { realFigures, tempDir, testConfig } from './helpers/worker.ts';

const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Vietnamese string literals and JSX text of a source file, with their line. */
function literals(file: string): { where: string; text: string }[] {
  const code = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: { where: string; text: string }[] = [];
  const visit = (n: ts.Node) => {
    if (
      ts.isStringLiteral(n) ||
      ts.isNoSubstitutionTemplateLiteral(n) ||
      ts.isTemplateHead(n) ||
      ts.isTemplateMiddle(n) ||
      ts.isTemplateTail(n) ||
      ts.isJsxText(n)
    ) {
      if (VIETNAMESE.test(n.text))
        out.push({ where: `${path.relative(PROJECT_ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`, text: n.text });
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return out;
}

/** Command examples (`phuluc token --unit MÃ`) are what the office types: not prose, left out. */
function prose(text: string): string {
  return text
    .replace(/phuluc [a-z-]+(?: [^\s“”]+)*/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
}

describe('every Vietnamese string of the worker, the shared core and the console', () => {
  const all = ['shared', 'worker', 'console'].flatMap((d) => sources(path.join(PROJECT_ROOT, d))).flatMap(literals);

  it('finds the texts', () => {
    expect(all.length).toBeGreaterThan(400);
  });

  it('follows the glossary', () => {
    const breaches = all.flatMap(({ where, text }) => glossaryBreaches(prose(text)).map((b) => `${where}: ${b}`));
    expect(breaches).toEqual([]);
  });
});

describe('what a run produces', () => {
  let outputs: { what: string; text: string }[] = [];
  let codes: RegExp;

  beforeAll(async () => {
    const { file, cfg } = testConfig(tempDir('wording'));
    // Departments name their files by themselves; two files go wrong.
    for (const unit of reportingUnits(cfg.catalog)) {
      const tpl = await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword);
      writeFileSync(path.join(cfg.paths.inbox, `Báo cáo ${unit.name}.xlsx`), await fillTemplate(tpl, realFigures(cfg.catalog, unit, false)));
    }
    const kt = findUnit(cfg.catalog, 'KT')!;
    const wrong = realFigures(cfg.catalog, kt, false);
    wrong.set(6, { value: 150_000_000, note: null });
    wrong.set(5, { value: '2.570.0', note: null });
    writeFileSync(
      path.join(cfg.paths.inbox, 'Kinh tế nộp lại.xlsx'),
      await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, kt, cfg.protectionPassword), wrong),
    );
    writeFileSync(path.join(cfg.paths.inbox, 'Bảng tính cũ.xlsx'), makeXlsRenamed());

    const run = await phuluc('consolidate', '--config', file);
    const status = await phuluc('status', '--config', file);
    expect(run.code, run.stderr).toBe(0);
    outputs = [
      { what: 'phuluc consolidate', text: run.stdout + run.stderr },
      { what: 'phuluc status', text: status.stdout + status.stderr },
    ];
    for (const f of readdirSync(cfg.paths.rejected).filter((x) => x.endsWith('.loi.txt'))) {
      outputs.push({ what: `rejected/${f}`, text: readFileSync(path.join(cfg.paths.rejected, f), 'utf8').replace(/^Mã nhận dạng tệp.*$/m, '') });
    }
    const book = readXlsx(readFileSync(path.join(cfg.paths.out, 'phu-luc-1-2023-uoc.xlsx')));
    for (const sheet of book.sheets.filter((s) => s.state === 'visible')) {
      // The texts people read (numbers are cells Excel formats itself); file fingerprints (64 hex
      // digits, the "mã nhận dạng tệp" column) are not numbers.
      const texts = [...sheet.cells.entries()]
        .filter(([, c]) => c.t === 's')
        .map(([ref, c]) => `${ref}: ${String(c.v)}`)
        .filter((t) => !/: [0-9a-f]{64}$/.test(t));
      outputs.push({ what: `appendix sheet “${sheet.name}”`, text: texts.join('\n') });
    }
    // Units and indicators by name: their codes never show.
    const all = [...cfg.catalog.units.map((u) => u.code), ...cfg.catalog.indicators.map((i) => i.code)].filter((c) => c.length > 2);
    codes = new RegExp(`(?<![\\w])(${all.join('|')})(?![\\w])`);
  });

  it('covers the command line, the reports beside rejected files and every sheet of the appendix', () => {
    expect(outputs.map((o) => o.what)).toEqual(
      expect.arrayContaining([
        'phuluc consolidate',
        'phuluc status',
        'appendix sheet “Phụ lục 1”',
        'appendix sheet “Cảnh báo”',
        'appendix sheet “Tệp bị từ chối”',
      ]),
    );
    expect(outputs.filter((o) => o.what.startsWith('rejected/')).length).toBe(2);
    expect(outputs.find((o) => o.what === 'phuluc consolidate')!.text).toContain('không hợp lệ');
  });

  it('follows the glossary and writes times and numbers the Vietnamese way, names not codes', () => {
    const breaches = outputs.flatMap(({ what, text }) =>
      [
        ...glossaryBreaches(text, [UNSEPARATED_THOUSANDS, [codes, 'a code where a name belongs']]),
        ...(/\b\d\d:\d\d\b/.test(text) && /\d\d:\d\d(?! ngày \d\d\/\d\d\/\d{4})/.test(text.replace(/\d\d:\d\d:\d\d/g, ''))
          ? ['a time not written “17:00 ngày 20/11/2023”']
          : []),
      ].map((b) => `${what}: ${b}`),
    );
    expect(breaches).toEqual([]);
  });
});
