/**
 * The appendix workbook's working sheets, as data (title, columns, rows), beside Phụ lục 1: who
 * submitted and where each unit stands in the review (Tình hình nộp), where each figure comes from
 * and whether it is approved (Nguồn số liệu), what to look at (Cảnh báo) and the files refused
 * (Tệp bị từ chối). The renderer prints them readably: a title,
 * fit to the page width (each sheet's columns add up to at most TABLE_MAX_WIDTH, so the text stays
 * at 9 pt or more), text wrapped in its cells.
 */
import type { Catalog, Period } from '../../shared/catalog.ts';
import { formatTimeVi } from '../../shared/format.ts';
import type { AppendixContent } from '../../shared/layout.ts';
import { REVIEW_LABEL } from '../../shared/review.ts';
import type { SubmissionRecord } from '../ledger/contract.ts';
import { describeProblem } from '../../shared/problem.ts';
import type { UnitStatus } from './statuses.ts';
import type { TableSheet } from '../render/exceljs.ts';
import type { Warning } from './warnings.ts';

export type { TableSheet } from '../render/exceljs.ts';

function deadlineState(s: UnitStatus): string {
  if (s.state === 'accepted') return s.late ? 'Nộp muộn' : 'Đúng hạn';
  if (s.excused) return 'Miễn nộp';
  return s.overdue ? 'Quá hạn' : 'Chưa đến hạn';
}

/** Officers by their full name (the ledger's accounts), never by their login name. */
export type People = ReadonlyMap<string, string>;

/** “Miễn nộp kỳ này lúc 10:00 ngày 16/11/2023 (Nguyễn Thị Hoa): <lý do>”. */
function excusedText(s: UnitStatus, people: People): string {
  const e = s.excused!;
  return `Miễn nộp kỳ này lúc ${formatTimeVi(e.at)} (${people.get(e.actor) ?? e.actor}): ${e.reason}`;
}

export const STATE_LABEL: Record<UnitStatus['state'], string> = {
  accepted: 'Đã nộp, hợp lệ',
  rejected: 'Đã nộp, không hợp lệ',
  missing: 'Chưa nộp',
};

/** "Đã duyệt lúc 09:30 ngày 21/11/2023 (Trần Thị Lan)", "Bị trả lại lúc …: <ghi chú>", "Chờ duyệt", "Miễn nộp kỳ này …" */
export function reviewText(s: UnitStatus, people: People = new Map()): string {
  const lines: string[] = [];
  if (s.excused) lines.push(excusedText(s, people));
  if (!s.review) return lines.join('\n');
  const by = s.reviewedAt ? ` lúc ${formatTimeVi(s.reviewedAt)}${s.reviewedBy ? ` (${people.get(s.reviewedBy) ?? s.reviewedBy})` : ''}` : '';
  lines.push(
    s.review === 'approved' || s.review === 'returned' ? `${REVIEW_LABEL[s.review]}${by}${s.reviewNote ? `: ${s.reviewNote}` : ''}` : REVIEW_LABEL[s.review],
  );
  for (const h of s.held) lines.push(`${REVIEW_LABEL.held}: bản nộp lúc ${formatTimeVi(h.receivedAt)} (${h.fileName})`);
  if (s.state === 'accepted' && s.latest?.status === 'rejected')
    lines.push(`Bản nộp lúc ${formatTimeVi(s.latest.receivedAt)} không hợp lệ, vẫn dùng bản trước.`);
  return lines.join('\n');
}

export function workingSheets(
  catalog: Catalog,
  period: Period,
  content: AppendixContent,
  statuses: UnitStatus[],
  warnings: Warning[],
  rejected: SubmissionRecord[],
  people: People = new Map(),
): TableSheet[] {
  const sources = new Map<string, UnitStatus>();
  const rolled = new Set(catalog.indicators.filter((i) => i.rollup).map((i) => i.code));
  for (const s of statuses) {
    if (s.state !== 'accepted' || !s.record?.rows) continue;
    for (const code of Object.keys(s.record.rows)) if (!rolled.has(code)) sources.set(code, s);
  }
  const nameOf = new Map(catalog.units.map((u) => [u.code, u.name]));
  const excused = new Map(statuses.filter((s) => s.excused).map((s) => [s.code, s]));
  const when = `${period.header} — hạn nộp ${formatTimeVi(period.deadline)}`;
  return [
    {
      name: 'Tình hình nộp',
      title: `TÌNH HÌNH NỘP BÁO CÁO — ${when}`,
      // Within TABLE_MAX_WIDTH (181 of 182), so the sheet fits the page width at 9 pt or more.
      columns: [
        { header: 'Đơn vị báo cáo', width: 28 },
        { header: 'Trạng thái', width: 14 },
        { header: 'Nộp lúc', width: 17 },
        { header: 'Tệp', width: 22 },
        { header: 'So với hạn nộp', width: 11 },
        { header: 'Còn thiếu / lỗi', width: 40 },
        { header: 'Mã nhận dạng tệp', width: 17 },
        { header: 'Kết quả duyệt', width: 32 },
      ],
      rows: statuses.map((s) => [
        s.name,
        s.excused && s.state === 'missing' ? 'Miễn nộp kỳ này' : STATE_LABEL[s.state],
        formatTimeVi(s.record?.receivedAt),
        s.record?.fileName ?? '',
        deadlineState(s),
        s.problems.join('\n'),
        s.record ? s.record.sha256 : '',
        reviewText(s, people),
      ]),
      empty: 'Danh mục không có đơn vị báo cáo nào.',
    },
    {
      name: 'Nguồn số liệu',
      title: `NGUỒN SỐ LIỆU CỦA TỪNG CHỈ TIÊU — ${period.header}`,
      columns: [
        { header: 'Số TT', width: 6 },
        { header: 'Chỉ tiêu', width: 50 },
        { header: 'Đơn vị báo cáo', width: 30 },
        { header: 'Tệp', width: 30 },
        { header: 'Nộp lúc', width: 18 },
        { header: 'Mã nhận dạng tệp', width: 22 },
        { header: 'Kết quả duyệt', width: 18 },
      ],
      rows: content.results.map((r) => {
        const s = sources.get(r.indicator.code);
        const src = s?.record;
        const off = excused.get(r.indicator.owner)?.excused;
        const none = rolled.has(r.indicator.code)
          ? '(tổng hợp từ các đơn vị cấp dưới: trang “Số liệu cấp dưới”)'
          : off
            ? `(miễn nộp kỳ này: ${off.reason})`
            : '(chưa có)';
        return [
          r.indicator.stt,
          r.indicator.name,
          nameOf.get(r.indicator.owner) ?? '',
          src?.fileName ?? none,
          formatTimeVi(src?.receivedAt),
          src?.sha256 ?? '',
          s?.review ? REVIEW_LABEL[s.review] : off ? 'Miễn nộp kỳ này' : '',
        ];
      }),
      empty: '',
    },
    {
      name: 'Cảnh báo',
      title: `CẢNH BÁO CẦN XEM LẠI (không làm tệp bị từ chối) — ${period.header}`,
      columns: [
        { header: 'Loại', width: 16 },
        { header: 'Đơn vị báo cáo', width: 28 },
        { header: 'Chỉ tiêu', width: 36 },
        { header: 'Nội dung', width: 70 },
      ],
      rows: warnings.map((w) => [w.kind, w.unit, w.indicator, w.message]),
      empty: 'Không có cảnh báo.',
    },
    {
      name: 'Tệp bị từ chối',
      title: `TỆP KHÔNG HỢP LỆ, BỊ TỪ CHỐI — ${period.header}`,
      columns: [
        { header: 'Tệp', width: 30 },
        { header: 'Đơn vị báo cáo', width: 28 },
        { header: 'Nhận lúc', width: 18 },
        { header: 'Lỗi cần sửa', width: 74 },
      ],
      rows: rejected.map((rec) => [
        rec.fileName,
        rec.unit ? (nameOf.get(rec.unit) ?? '') : '',
        formatTimeVi(rec.receivedAt),
        rec.problems.slice(0, 5).map(describeProblem).join('\n') + (rec.problems.length > 5 ? `\n(và ${rec.problems.length - 5} lỗi khác)` : ''),
      ]),
      empty: 'Không có tệp bị từ chối.',
    },
  ];
}
