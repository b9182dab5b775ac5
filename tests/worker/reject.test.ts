/**
 * Bad input never stops the town: each hostile or wrong file is rejected with a Vietnamese report
 * naming the file (and sheet and cell where there is one), its original is archived, and every
 * other unit is still consolidated. Then a unit resubmits and the newer workbook wins.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPeriod, findUnit } from '../../shared/catalog.ts';
import { COL, FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { sha256 } from '../../worker/ingest/archive.ts';
import { makeCorruptZip, makeEncryptedWorkbook, makeXlsm, makeXlsRenamed, makeZipBomb } from '../fixtures/hostile.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService, type RunSummary } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { dropRealSubmissions, realFigures, tempDir, testConfig } from '../helpers/worker.ts';

let service: WorkerService;
let first: RunSummary;

const hostile: Record<string, { expect: RegExp; cell?: string }> = {
  'corrupt.xlsx': { expect: /bị hỏng|không phải sổ làm việc/i },
  'bang-tinh-cu.xlsx': { expect: /Excel 97-2003 \(\.xls\)/ },
  'co-mat-khau.xlsx': { expect: /mật khẩu/ },
  'co-macro.xlsx': { expect: /macro/ },
  'bom-nen.xlsx': { expect: /giải nén/ },
  'ky-khac.xlsx': { expect: /thuộc kỳ “Ước thực hiện 9 tháng năm 2023”, hệ thống đang thu kỳ “Ước thực hiện năm 2023”/ },
  'zz-chu-trong-o-so.xlsx': { expect: /Không đọc được số trong “khoảng một nghìn”/, cell: `${COL.actual}${FIRST_DATA_ROW + 1}` },
};

beforeAll(async () => {
  const { cfg } = testConfig(tempDir('reject'));
  await dropRealSubmissions(cfg, false);
  const kt = findUnit(cfg.catalog, 'KT')!;
  const valid = await buildTemplate(cfg.catalog, cfg.period, kt, cfg.protectionPassword);
  const otherPeriod = await buildTemplate(cfg.catalog, findPeriod(cfg.catalog, '2023-9t')!, kt, cfg.protectionPassword);
  const textInNumber = realFigures(cfg.catalog, kt, false);
  textInNumber.set(6, { value: 'khoảng một nghìn', note: null });
  const files: Record<string, Uint8Array> = {
    'corrupt.xlsx': makeCorruptZip(valid),
    'bang-tinh-cu.xlsx': makeXlsRenamed(),
    'co-mat-khau.xlsx': makeEncryptedWorkbook(),
    'co-macro.xlsx': makeXlsm(valid),
    'bom-nen.xlsx': makeZipBomb({ uncompressedBytes: 1024 ** 3 }),
    'ky-khac.xlsx': await fillTemplate(otherPeriod, realFigures(cfg.catalog, kt, false)),
    'zz-chu-trong-o-so.xlsx': await fillTemplate(valid, textInNumber),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(cfg.paths.inbox, name), bytes);
  service = new WorkerService(cfg, createLogger('silent'));
  first = await service.runOnce();
});

afterAll(async () => {
  await service.stop();
});

describe('hostile and wrong files', () => {
  it.each(Object.entries(hostile))('%s is rejected with a clear Vietnamese report', (name, spec) => {
    const o = first.inbox.outcomes.find((x) => x.record.fileName === name);
    expect(o, name).toBeDefined();
    expect(o!.record.status).toBe('rejected');
    const report = readdirSync(service.cfg.paths.rejected).find((f) => f.endsWith(`_${name}.loi.txt`));
    expect(report).toBeDefined();
    const text = readFileSync(path.join(service.cfg.paths.rejected, report!), 'utf8');
    expect(text).toMatch(spec.expect);
    expect(text).toContain(`Tệp: ${name}\n`);
    if (spec.cell) expect(text).toMatch(new RegExp(`^1\\. Ô ${spec.cell}: `, 'm'));
    expect(text).toMatch(/Cách khắc phục/);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT|SHA-256/);
    // The original is kept, byte for byte, in the archive.
    const kept = path.join(service.cfg.paths.archive, o!.record.archivePath);
    expect(sha256(readFileSync(kept))).toBe(sha256(readFileSync(path.join(service.cfg.paths.rejected, report!.replace(/\.loi\.txt$/, '')))));
    expect(o!.record.sha256).toBe(sha256(readFileSync(kept)));
  });

  it('still consolidates every other unit', () => {
    expect(first.appendix.statuses.map((s) => [s.code, s.state])).toEqual(first.appendix.statuses.map((s) => [s.code, 'accepted']));
    expect(first.appendix.content.summary.sentence).toBe(
      'có 17/21 chỉ tiêu (trong 17 nhóm chỉ tiêu chủ yếu) đạt và vượt kế hoạch, 03 chỉ tiêu không đạt, 01 chỉ tiêu không đánh giá',
    );
    expect(readdirSync(service.cfg.paths.inbox)).toEqual([]);
  });

  it('lists the rejected files on their own sheet, not among the warnings', () => {
    const book = readXlsx(readFileSync(first.appendix.file));
    const rejected = book.sheet('Tệp bị từ chối')!;
    const names = [...rejected.cells.entries()].filter(([ref]) => /^A\d+$/.test(ref) && Number(ref.slice(1)) > 2).map(([, c]) => String(c.v));
    expect(names.sort()).toEqual(Object.keys(hostile).sort());
    const warnings = [...book.sheet('Cảnh báo')!.cells.values()].map((c) => String(c.v));
    expect(warnings.some((t) => Object.keys(hostile).some((n) => t.includes(n)))).toBe(false);
  });
});

describe('resubmission', () => {
  it('a newer workbook replaces the unit’s older one; the older stays in the ledger and the archive', async () => {
    const cfg = service.cfg;
    const unit = findUnit(cfg.catalog, 'LDTBXH')!;
    const older = first.inbox.outcomes.find((o) => o.record.unit === 'LDTBXH')!.record;
    const figures = realFigures(cfg.catalog, unit, false);
    figures.set(14, { value: 924, note: 'Doanh nghiệp gặp khó khăn, nhu cầu tuyển dụng giảm.' });
    const bytes = await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword), figures);
    writeFileSync(path.join(cfg.paths.inbox, 'LDTBXH-nop-lai.xlsx'), bytes);
    const second = await service.runOnce();
    expect(second.appendix.changed).toBe(true);
    const sheet = readXlsx(readFileSync(second.appendix.file)).sheet(SHEET_NAME)!;
    expect(sheet.cells.get(`${COL.actual}${FIRST_DATA_ROW + 13}`)?.v).toBe('924');
    const history = await service.ledger.history('LDTBXH', cfg.period.id);
    expect(history.map((h) => h.status)).toEqual(['accepted', 'accepted']);
    expect(existsSync(path.join(cfg.paths.archive, older.archivePath))).toBe(true);
    expect(second.appendix.warnings.some((w) => w.kind === 'Số liệu thay đổi' && w.message.includes('942') && w.message.includes('924'))).toBe(true);

    // The same bytes again: recognised, not processed twice; the appendix is not rewritten.
    writeFileSync(path.join(cfg.paths.inbox, 'LDTBXH-gui-trung.xlsx'), bytes);
    const count = await service.ledger.count();
    const third = await service.runOnce();
    expect(third.inbox.outcomes[0].duplicate).toBe(true);
    expect(third.inbox.outcomes[0].record.sha256).toBe(sha256(bytes));
    expect(await service.ledger.count()).toBe(count);
    expect(third.appendix.changed).toBe(false);
  });
});
