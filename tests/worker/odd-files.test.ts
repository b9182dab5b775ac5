/**
 * The "done when" of the correctness issue, as a planning officer would meet it: beside the 13 real
 * submissions, the inbox holds a link to a system file, a file with a 255-byte name, a figure typed
 * as a formula leaving float noise, a figure far too large, and a sheet with 120 000 extra cells;
 * then the ledger is deleted. The appendix comes out right, each odd entry is reported, the archive
 * holds exactly the files taken, and the lost ledger is refused, then rebuilt to the same appendix.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findUnit } from '../../shared/catalog.ts';
import { COL, FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import type { Config } from '../../worker/config.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { SqliteLedger } from '../../worker/ledger/sqlite.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { normalizeLabel, realAppendix } from '../helpers/catalog.ts';
import { fillTemplate, type FillValue } from '../helpers/fill.ts';
import { dropRealSubmissions, realFigures, tempDir, testConfig } from '../helpers/worker.ts';
import { phuluc } from '../helpers/cli.ts';

const real = realAppendix();

async function edited(bytes: Uint8Array, edit: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  edit(wb.getWorksheet(SHEET_NAME)!);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function cells(file: string): Map<string, unknown> {
  const sheet = readXlsx(readFileSync(file)).sheet(SHEET_NAME)!;
  return new Map([...sheet.cells].map(([ref, c]) => [ref, c.v]));
}

/** A name of 255 bytes (.xlsx included): as long as the file system takes. */
function longName(): string {
  const chars = Array.from('Phòng Lao động - Thương binh và Xã hội, báo cáo ước thực hiện năm 2023 (bản nộp lại) '.repeat(4));
  let name = '';
  for (const ch of chars) {
    if (Buffer.byteLength(`${name}${ch}.xlsx`) > 255) break;
    name += ch;
  }
  return `${name}.xlsx`;
}
let cfg: Config;
let configFile: string;
let stdout: string;
const archived = () =>
  readdirSync(cfg.paths.archive, { recursive: true })
    .map(String)
    .filter((f) => /\.(xlsx|bin|json)$/.test(f));

beforeAll(async () => {
  ({ cfg, file: configFile } = testConfig(tempDir('odd')));
  await dropRealSubmissions(cfg, false);
  const inbox = cfg.paths.inbox;
  const template = (code: string) => buildTemplate(cfg.catalog, cfg.period, findUnit(cfg.catalog, code)!, cfg.protectionPassword);
  const filled = async (code: string, change?: (m: Map<number, FillValue>) => void) => {
    const figures = realFigures(cfg.catalog, findUnit(cfg.catalog, code)!, false);
    change?.(figures);
    return fillTemplate(await template(code), figures);
  };

  // Float noise: row 15 "Dưới 1" typed as =0,3-0,1-0,2 (Excel keeps 2,78·10⁻¹⁷ as its value).
  writeFileSync(
    path.join(inbox, 'TTYT.xlsx'),
    await edited(await filled('TTYT'), (ws) => {
      ws.getCell(`${COL.actual}${FIRST_DATA_ROW}`).value = { formula: '0.3-0.1-0.2', result: 0.3 - 0.1 - 0.2 } as ExcelJS.CellFormulaValue;
    }),
  );
  // A figure far too large for its indicator, typed as text; named to be taken before KT.xlsx.
  writeFileSync(path.join(inbox, 'KT-so-qua-lon.xlsx'), await filled('KT', (m) => m.set(6, { value: '12.554.000.000.000.000.000.000', note: null })));
  // A sheet with 120 000 extra cells (a pasted block far below the rows), from the unit that owns rows 3.
  writeFileSync(
    path.join(inbox, 'TCKH.xlsx'),
    await edited(await filled('TCKH'), (ws) => {
      for (let r = 0; r < 12_000; r++) for (let c = 0; c < 10; c++) ws.getCell(60 + r, 11 + c).value = r * 10 + c;
    }),
  );
  // A resubmission under a 255-byte name.
  const name = longName();
  expect(Buffer.byteLength(name)).toBeGreaterThanOrEqual(253);
  writeFileSync(path.join(inbox, name), await filled('LDTBXH', (m) => m.set(11, { value: 2, note: 'Ghi chú của lần nộp lại.' })));
  // A link to a system file.
  symlinkSync('/etc/passwd', path.join(inbox, 'lien-ket.xlsx'));

  const r = await phuluc('consolidate', '--config', configFile);
  expect(r.code, r.stderr).toBe(0);
  stdout = r.stdout;
});

describe('odd files beside the 13 real ones', () => {
  it('gives the right appendix: the real figures and assessments, float noise read as 0, no NaN', () => {
    const got = cells(path.join(cfg.paths.out, 'phu-luc-1-2023-uoc.xlsx'));
    real.rows.forEach((row, k) => {
      expect(got.get(`${COL.status}${FIRST_DATA_ROW + k}`) ?? '', `row ${row.stt}`).toBe(normalizeLabel(row.assessment));
    });
    expect(got.get(`${COL.actual}${FIRST_DATA_ROW + 14}`)).toMatch(/^0( [⁰¹²³⁴⁵⁶⁷⁸⁹]+)?$/);
    expect([...got.values()].some((v) => /NaN|Infinity|e[+-]\d/.test(String(v)))).toBe(false);
    expect(stdout).toContain(
      'Tổng hợp: có 17/21 chỉ tiêu (trong 17 nhóm chỉ tiêu chủ yếu) đạt và vượt kế hoạch, 03 chỉ tiêu không đạt, 01 chỉ tiêu không đánh giá.',
    );
    expect(stdout).toContain('Đơn vị đã nộp hợp lệ: 13/13.');
  });

  it('reports each odd entry: the too-large figure quoted as typed, the link refused and never followed', () => {
    expect(stdout).toMatch(/✗ KT-so-qua-lon\.xlsx: ô E6: .*“12\.554\.000\.000\.000\.000\.000\.000” nằm ngoài khoảng cho phép/);
    expect(stdout).toMatch(/✗ lien-ket\.xlsx: không nhận\. Đây là lối tắt \(liên kết\)/);
    const rejected = readdirSync(cfg.paths.rejected);
    const linkReport = rejected.find((f) => f.includes('lien-ket.xlsx') && f.endsWith('.loi.txt'))!;
    expect(readFileSync(path.join(cfg.paths.rejected, linkReport), 'utf8')).toMatch(/không được nhận/);
    const moved = rejected.find((f) => f.endsWith('lien-ket.xlsx'))!;
    expect(lstatSync(path.join(cfg.paths.rejected, moved)).isSymbolicLink()).toBe(true); // the link itself, moved
    expect(rejected.some((f) => f.endsWith('KT-so-qua-lon.xlsx.loi.txt'))).toBe(true);
  });

  it('moves every file out of the inbox, long names shortened to fit', () => {
    expect(readdirSync(cfg.paths.inbox)).toEqual([]);
    for (const f of [...readdirSync(cfg.paths.processed), ...readdirSync(cfg.paths.rejected)]) expect(Buffer.byteLength(f), f).toBeLessThanOrEqual(255);
    expect(readdirSync(cfg.paths.processed).some((f) => f.includes('Phòng Lao động') && f.endsWith('~.xlsx'))).toBe(true);
  });

  it('keeps exactly the files taken in the archive (each with its sidecar), nothing from the link', () => {
    // 13 real (TTYT, TCKH replaced by their odd versions: same count) + the too-large one + the long-named resubmission.
    const files = archived();
    expect(files.filter((f) => f.endsWith('.xlsx')).length).toBe(15);
    expect(files.filter((f) => f.endsWith('.json')).length).toBe(15);
    expect(files.some((f) => f.endsWith('.bin'))).toBe(false);
    const passwd = readFileSync('/etc/passwd');
    for (const f of files.filter((x) => x.endsWith('.xlsx'))) expect(readFileSync(path.join(cfg.paths.archive, f)).equals(passwd)).toBe(false);
  });
});

describe('a deleted ledger', () => {
  it('is refused without touching the appendix, then rebuilt from the archive to the same appendix', async () => {
    const appendix = path.join(cfg.paths.out, 'phu-luc-1-2023-uoc.xlsx');
    const before = readFileSync(appendix);
    const ledger = new SqliteLedger(cfg.paths.ledger);
    const count = await ledger.count();
    const latest = [...(await ledger.latestAccepted(cfg.period.id))].map(([u, r]) => [u, r.sha256]).sort();
    await ledger.close();
    for (const f of readdirSync(cfg.paths.root)) if (f.startsWith('ledger.sqlite')) rmSync(path.join(cfg.paths.root, f));

    const refused = await phuluc('consolidate', '--config', configFile);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/không còn số liệu nào, trong khi kho lưu trữ .* vẫn giữ 15 tệp đã nhận/);
    expect(refused.stderr).toContain('phuluc rebuild');
    expect(refused.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(readFileSync(appendix).equals(before)).toBe(true);

    const rebuilt = await phuluc('rebuild', '--config', configFile);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain('Đã dựng lại sổ theo dõi từ 15 tệp trong kho lưu trữ: 14 hợp lệ, 1 không hợp lệ.');
    const again = new SqliteLedger(cfg.paths.ledger);
    try {
      expect(await again.count()).toBe(count);
      expect([...(await again.latestAccepted(cfg.period.id))].map(([u, r]) => [u, r.sha256]).sort()).toEqual(latest);
    } finally {
      await again.close();
    }
    const sameCells = (f: string) => [...cells(f)].filter(([ref]) => !/^[A-Z]+1$/.test(ref));
    expect(sameCells(appendix)).toEqual(sameCells(path.join(cfg.paths.history, readdirSync(cfg.paths.history).sort()[0])));
    expect(existsSync(appendix)).toBe(true);
  });
});
