/**
 * Consolidation: each unit's latest accepted submission → the town's appendix workbook
 * ("Phụ lục 1" in the exact layout, plus "Tình hình nộp", "Nguồn số liệu", "Cảnh báo"), written
 * atomically, with a new version only when the content changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { reportingUnits, type Catalog, type Period } from '../shared/catalog.ts';
import { appendixModel, FONT, type AppendixContent } from '../shared/layout.ts';
import { formatVnNumber } from '../shared/numbers.ts';
import type { RowInput } from '../shared/report.ts';
import type { Target } from '../shared/target.ts';
import type { Ledger, SubmissionRecord } from './ledger.ts';
import { renderWorkbook } from './render-exceljs.ts';
import { writeFileAtomic } from './ingest/ingest.ts';

export interface UnitStatus {
  code: string;
  name: string;
  state: 'accepted' | 'rejected' | 'missing';
  /** The submission the appendix uses (latest accepted), else the latest received. */
  record?: SubmissionRecord;
  late: boolean;
  overdue: boolean;
  problems: string[];
}

/** Who has submitted, who was rejected, who is late: for `phuluc status` and the appendix. */
export function unitStatuses(catalog: Catalog, period: Period, ledger: Ledger, now: Date): UnitStatus[] {
  const accepted = ledger.latestAccepted(period.id);
  const any = ledger.latestAny(period.id);
  const deadline = Date.parse(period.deadline);
  return reportingUnits(catalog).map((u) => {
    const acc = accepted.get(u.code);
    const last = any.get(u.code);
    const record = acc ?? last;
    const state = acc ? 'accepted' : last ? 'rejected' : 'missing';
    const late = acc ? Date.parse(acc.receivedAt) > deadline : false;
    return {
      code: u.code, name: u.name, state, record, late,
      overdue: !acc && now.getTime() > deadline,
      problems: state === 'rejected' && last ? last.problems.map((p) => (p.cell ? `${p.cell}: ${p.message}` : p.message)) : [],
    };
  });
}

export interface Warning { kind: string; unit: string; indicator: string; message: string }

function warnings(catalog: Catalog, period: Period, ledger: Ledger, statuses: UnitStatus[], content: AppendixContent): Warning[] {
  const out: Warning[] = [];
  for (const r of content.results) {
    const t = r.indicator.target as Target;
    if (r.actual.kind === 'number' && (t.kind === 'threshold' || t.kind === 'maintain') && t.value > 0) {
      const ratio = r.actual.value / t.value;
      if (ratio > 3 || ratio < 1 / 3) {
        out.push({ kind: 'Khác xa kế hoạch', unit: r.indicator.owner, indicator: `${r.indicator.stt}. ${r.indicator.name}`, message: `Số liệu ${r.printed} so với kế hoạch ${r.indicator.plan} (gấp ${formatVnNumber(ratio, 2)} lần). Kiểm tra đơn vị tính và dấu thập phân.` });
      }
    }
  }
  for (const s of statuses) {
    if (s.state !== 'accepted' || !s.record) continue;
    // Figures that changed from the unit's previous accepted submission: the drift the report suffered.
    const previous = ledger.previousAccepted(s.code, period.id, s.record.id);
    if (previous?.rows && s.record.rows) {
      for (const [code, row] of Object.entries(s.record.rows)) {
        const before = previous.rows[code]?.value;
        if (before !== undefined && before !== null && String(before) !== String(row.value ?? '')) {
          const ind = catalog.indicators.find((i) => i.code === code);
          out.push({ kind: 'Số liệu thay đổi', unit: s.code, indicator: ind ? `${ind.stt}. ${ind.name}` : code, message: `Lần nộp trước (${previous.receivedAt}) ghi “${String(before)}”, lần này ghi “${String(row.value ?? '')}”. Bảo đảm báo cáo thuyết minh dùng cùng số liệu.` });
        }
      }
    }
    for (const e of s.record.planEdits) {
      out.push({ kind: 'Sửa ô kế hoạch', unit: s.code, indicator: e.indicator, message: `Ô ${e.cell} bị sửa thành “${e.found}”; dùng kế hoạch trong danh mục “${e.expected}”.` });
    }
    if (s.late) out.push({ kind: 'Nộp muộn', unit: s.code, indicator: '', message: `Nộp lúc ${s.record.receivedAt}, hạn ${period.deadline}.` });
  }
  for (const rec of ledger.rejected(period.id)) {
    out.push({ kind: 'Tệp bị từ chối', unit: rec.unit ?? '', indicator: '', message: `${rec.fileName} (${rec.receivedAt}): ${rec.problems[0]?.cell ? `ô ${rec.problems[0].cell}: ` : ''}${rec.problems[0]?.message ?? ''}${rec.problems.length > 1 ? ` (và ${rec.problems.length - 1} lỗi khác)` : ''}` });
  }
  return out;
}

function addTable(wb: ExcelJS.Workbook, name: string, headers: string[], widths: number[], rows: (string | number)[][]): void {
  const ws = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = headers.map((h, i) => ({ header: h, width: widths[i] }));
  for (const r of rows) ws.addRow(r);
  ws.eachRow((row, n) => {
    row.eachCell((cell) => {
      cell.font = { name: FONT, size: 11, bold: n === 1 };
      cell.alignment = { vertical: 'top', wrapText: true };
    });
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

function viTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  return `${d.toISOString().slice(11, 16)} ${d.toISOString().slice(8, 10)}/${d.toISOString().slice(5, 7)}/${d.toISOString().slice(0, 4)}`;
}

export interface ConsolidateResult {
  file: string;
  changed: boolean;
  contentHash: string;
  content: AppendixContent;
  statuses: UnitStatus[];
  warnings: Warning[];
}

export interface ConsolidateOptions {
  catalog: Catalog;
  period: Period;
  ledger: Ledger;
  outDir: string;
  historyDir: string;
  protectionPassword: string;
  now: Date;
}

export function appendixFileName(period: Period): string {
  return `phu-luc-1-${period.id}.xlsx`;
}

/** Builds and (when its content changed) writes the appendix. */
export async function consolidate(o: ConsolidateOptions): Promise<ConsolidateResult> {
  const statuses = unitStatuses(o.catalog, o.period, o.ledger, o.now);
  const values: Record<string, RowInput> = {};
  const sources = new Map<string, SubmissionRecord>();
  for (const s of statuses) {
    if (s.state !== 'accepted' || !s.record?.rows) continue;
    for (const [code, row] of Object.entries(s.record.rows)) {
      values[code] = row;
      sources.set(code, s.record);
    }
  }
  const generatedAt = o.now.toISOString();
  const content = appendixModel(o.catalog, o.period, { generatedAt, values, protectionPassword: o.protectionPassword });
  const warns = warnings(o.catalog, o.period, o.ledger, statuses, content);

  const statusRows = statuses.map((s) => [
    s.code, s.name,
    s.state === 'accepted' ? 'Đã nộp, hợp lệ' : s.state === 'rejected' ? 'Đã nộp, bị từ chối' : 'Chưa nộp',
    viTime(s.record?.receivedAt), s.record?.fileName ?? '', s.record?.sha256 ?? '',
    s.state === 'accepted' ? (s.late ? 'Nộp muộn' : 'Đúng hạn') : s.overdue ? 'Quá hạn, chưa có bản hợp lệ' : 'Chưa đến hạn',
    s.problems.join('\n'),
  ]);
  const sourceRows = content.results.map((r) => {
    const src = sources.get(r.indicator.code);
    return [r.indicator.stt, r.indicator.name, r.indicator.owner, src?.fileName ?? '(chưa có)', viTime(src?.receivedAt), src?.sha256 ?? ''];
  });
  const warnRows = warns.map((w) => [w.kind, w.unit, w.indicator, w.message]);

  // Content identity: everything shown except the generation time.
  const identity = JSON.stringify({
    cells: content.model.cells.map((c) => [c.address, c.value ?? null, c.result ?? null]),
    statusRows, sourceRows, warnRows,
  });
  const contentHash = createHash('sha256').update(identity).digest('hex');
  const file = path.join(o.outDir, appendixFileName(o.period));
  const last = o.ledger.lastAppendix(o.period.id);
  const result = { file, contentHash, content, statuses, warnings: warns };
  if (last && last.content_hash === contentHash && existsSync(file)) return { ...result, changed: false };

  const bytes = await renderWorkbook(content.model, (wb) => {
    addTable(wb, 'Tình hình nộp', ['Mã', 'Đơn vị', 'Trạng thái', 'Thời điểm nộp', 'Tệp', 'SHA-256', 'Hạn nộp', 'Còn thiếu / lỗi'], [12, 36, 20, 18, 30, 66, 26, 60], statusRows);
    addTable(wb, 'Nguồn số liệu', ['Số TT', 'Chỉ tiêu', 'Đơn vị phụ trách', 'Tệp', 'Thời điểm nộp', 'SHA-256'], [7, 60, 16, 30, 18, 66], sourceRows);
    addTable(wb, 'Cảnh báo', ['Loại', 'Đơn vị', 'Chỉ tiêu', 'Nội dung'], [20, 14, 50, 90], warnRows.length ? warnRows : [['', '', '', 'Không có cảnh báo.']]);
  });
  mkdirSync(o.historyDir, { recursive: true });
  const versioned = path.join(o.historyDir, `phu-luc-1-${o.period.id}_${generatedAt.replace(/[:.]/g, '-')}_${contentHash.slice(0, 8)}.xlsx`);
  writeFileAtomic(versioned, bytes);
  // The current appendix is replaced by a rename: a crash leaves either the old file or the new one.
  writeFileAtomic(file, bytes);
  o.ledger.addAppendix(o.period.id, contentHash, versioned, generatedAt);
  return { ...result, changed: true };
}
