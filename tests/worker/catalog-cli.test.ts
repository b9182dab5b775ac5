/**
 * Issue 22 on the command line, as the planning office runs it (the compiled `phuluc`, real files):
 * a draft from the resolution's list with last year's figures from an installation's ledger
 * (--config), the draft refused until reviewed and then written as the catalogue, and the catalogue
 * out to Excel and back.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogDraft } from '../../shared/catalog-draft.ts';
import { parseCatalogText } from '../../shared/catalog-schema.ts';
import { runDemo } from '../../worker/demo.ts';
import { PROJECT_ROOT } from '../../worker/paths.ts';
import { phuluc } from '../helpers/cli.ts';
import { tempDir } from '../helpers/worker.ts';

const LIST = path.join(PROJECT_ROOT, 'tests/fixtures/chi-tieu/hong-linh-2024.txt');

describe('phuluc catalog propose | accept | export | import', () => {
  const dir = tempDir('catalog-cli');
  const config = path.join(dir, 'phuluc.config.json');
  const draftFile = path.join(dir, 'de-xuat-2024.json');

  beforeAll(async () => {
    // An installation of 2023: the demo's ledger, and a config naming its data folder (the embedded 2023 catalogue).
    await runDemo(dir, { log: () => {} });
    writeFileSync(config, JSON.stringify({ dataDir: '.', logLevel: 'silent' }));
  });

  it('propose: last year’s catalogue and figures from the installation (--config), the rows to review listed', async () => {
    const r = await phuluc('catalog', 'propose', '--targets', LIST, '--year', '2024', '--config', config, '--out', draftFile);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Số liệu năm 2023: sổ theo dõi năm 2023: phụ lục ước thực hiện năm 2023.');
    expect(r.stdout).toContain('Đã đề xuất 24 chỉ tiêu trong 17 nhóm (21 tiếp nối chỉ tiêu năm 2023)');
    expect(r.stdout).toContain('Cần xem lại 5 dòng:');
    expect(r.stdout).toContain('  · Không đọc thành chỉ tiêu, dòng 10: “Nâng cao chất lượng tiêu chí chưa đạt” (không có con số, trong mục (7)).');
    const draft = JSON.parse(readFileSync(draftFile, 'utf8')) as CatalogDraft;
    expect(draft.schema).toBe('phuluc-catalog-draft/1');
    expect(draft.rows.find((x) => x.indicator.code === 'VON_DAU_TU')!.indicator.lastYear).toEqual({
      nam: { value: 1721.4, source: 'Phụ lục 1 năm 2023 (ước thực hiện năm 2023)' },
    });
  });

  it('accept: refused while rows need review (naming them); once reviewed, a catalogue that checks against 2023', async () => {
    const catalogFile = path.join(dir, 'danh-muc-2024.json');
    const refused = await phuluc('catalog', 'accept', draftFile, '--out', catalogFile);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Bản đề xuất danh mục “');
    expect(refused.stderr).toContain(
      'Dòng đề xuất 21 (“Hoàn thành xây dựng mới hoặc sửa chữa, nâng cấp các nhà văn hóa còn lại để đạt chuẩn”, mục (15), dòng 18 của danh sách) còn 3 điểm cần xem lại',
    );
    const draft = JSON.parse(readFileSync(draftFile, 'utf8')) as CatalogDraft;
    for (const row of draft.rows) row.needsReview = [];
    writeFileSync(draftFile, JSON.stringify(draft));
    const ok = await phuluc('catalog', 'accept', draftFile, '--out', catalogFile);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('Đã ghi danh mục năm 2024: 24 chỉ tiêu trong 17 nhóm, 20 đơn vị;');
    const check = await phuluc('catalog', 'check', catalogFile, '--previous', 'shared/catalog/2023.json');
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('hợp lệ: năm 2024, 24 chỉ tiêu trong 17 nhóm');
  });

  it('export then import gives the same catalogue; a wrongly edited workbook names the cell', async () => {
    const xlsx = path.join(dir, 'danh-muc-2024.xlsx');
    const back = path.join(dir, 'danh-muc-2024-lai.json');
    const e = await phuluc('catalog', 'export', 'shared/catalog/2024.json', '--out', xlsx);
    expect(e.code).toBe(0);
    const i = await phuluc('catalog', 'import', xlsx, '--out', back);
    expect(i.stderr).toBe('');
    expect(i.stdout).toContain('hợp lệ: năm 2024, 24 chỉ tiêu trong 17 nhóm');
    const original = parseCatalogText(readFileSync(path.join(PROJECT_ROOT, 'shared/catalog/2024.json'), 'utf8'));
    expect(JSON.parse(readFileSync(back, 'utf8'))).toStrictEqual(JSON.parse(JSON.stringify(original)));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    wb.getWorksheet('Chỉ tiêu')!.getCell('I12').value = 'Càng nhiều càng tốt';
    await wb.xlsx.writeFile(xlsx);
    const bad = await phuluc('catalog', 'import', xlsx, '--out', back);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'Trang “Chỉ tiêu”, ô I12 (Chiều đánh giá): “Càng nhiều càng tốt” không có trong danh sách. Hãy chọn một trong: Càng cao càng tốt; Càng thấp càng tốt.',
    );
  });

  it('a paste that is not a list names its line; a missing year or option is a usage message', async () => {
    const list = path.join(dir, 'bang.txt');
    writeFileSync(list, 'STT\tChỉ tiêu\tĐơn vị tính\tKế hoạch\n1\tThu nhập bình quân\tTriệu đồng\n');
    const r = await phuluc('catalog', 'propose', '--targets', list, '--year', '2025', '--out', path.join(dir, 'x.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Không đọc được danh sách chỉ tiêu “${list}”:\n  - Dòng 2: có 3 cột, bảng có 4 cột`);
    const noYear = await phuluc('catalog', 'propose', '--targets', LIST, '--out', path.join(dir, 'x.json'));
    expect(noYear.code).toBe(2);
    expect(noYear.stderr).toContain('Thiếu hoặc sai --year (năm kế hoạch, ví dụ --year 2025).');
    expect((await phuluc('catalog', 'export', 'shared/catalog/2024.json')).stderr).toContain('Thiếu --out TỆP');
    expect((await phuluc('catalog', 'frobnicate', 'x')).code).toBe(2);
  });
});
