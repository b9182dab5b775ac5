/** Pure formatting for the receipt, the history and the problems the receiving side returns (tested in Node). */
import { findPeriod, indicatorLabel, type Catalog } from '../../shared/catalog.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { SHEET_NAME } from '../../shared/layout.ts';
import { cellAddressOf, problemPlace } from '../../shared/problem.ts';
import { REVIEW_LABEL, type ReviewComment, type ReviewState } from '../../shared/review.ts';
import type { HistoryEntry, Receipt, ServerProblem } from './intake.ts';
import type { TemplateView } from './view-model.ts';

export interface ReceiptView {
  id: string;
  /** "17:00 ngày 20/11/2023" (Vietnam time). */
  time: string;
  unit: string;
  period: string;
  fileName: string;
  /** The file's fingerprint ("mã nhận dạng tệp"), shown behind "Chi tiết". */
  fingerprint: string;
  late: boolean;
  lateLabel: 'Đúng hạn' | 'Nộp muộn';
  /** The file passed the checks ("Đã nhận" is said of such a file only). */
  valid: boolean;
  /** "Đã nhận lúc 17:00 ngày 20/11/2023, mã biên nhận 12." / "Chưa được chấp nhận: …". */
  headline: string;
}

export function receiptView(r: Receipt, catalog?: Catalog, errors = 0): ReceiptView {
  const period = r.period ? ((catalog && findPeriod(catalog, r.period)?.header) ?? r.period) : '—';
  const time = formatTimeVi(r.receivedAt);
  const valid = r.status === 'accepted';
  const why = errors > 0 ? `tệp có ${errors} lỗi cần sửa` : 'tệp chưa qua được bước kiểm tra';
  return {
    id: String(r.id),
    time,
    unit: r.unitName ?? r.unit ?? '—',
    period,
    fileName: r.fileName,
    fingerprint: r.sha256,
    late: r.late,
    lateLabel: r.late ? 'Nộp muộn' : 'Đúng hạn',
    valid,
    headline: valid
      ? `Đã nhận lúc ${time}, mã biên nhận ${r.id}.`
      : `Chưa được chấp nhận: ${why} (nộp lúc ${time}, mã biên nhận ${r.id}). Hãy sửa, lưu tệp rồi nộp lại.`,
  };
}

export interface LinkedProblem {
  /** The template cell to select ("G6"), when the problem has one on the template sheet. */
  address?: string;
  /** Where, in words ("Ô G6" / "Trang “X”, ô B2"), or "" when nowhere in particular. */
  place: string;
  message: string;
}

/** A problem from the receiving side ({sheet, cell, message}) → what the list shows and the cell to select. */
export function linkServerProblem(p: ServerProblem): LinkedProblem {
  const cell = cellAddressOf(p.cell);
  return { ...(cell && (!p.sheet || p.sheet === SHEET_NAME) ? { address: cell } : {}), place: problemPlace(p), message: p.message };
}

/**
 * The receiving side's errors split into those the checklist above already shows (same cell, same
 * words) and those it does not: only the latter are listed again.
 */
export function notShownAbove(errors: ServerProblem[], view: TemplateView): { shown: number; others: LinkedProblem[] } {
  const above = new Set([...view.notices, ...view.items.flatMap((i) => i.problems)].map((p) => `${p.address ?? ''}|${p.message}`));
  const others: LinkedProblem[] = [];
  let shown = 0;
  for (const e of errors) {
    const linked = linkServerProblem(e);
    if (above.has(`${linked.address ?? ''}|${e.message}`)) shown++;
    else others.push(linked);
  }
  return { shown, others };
}

export type ReviewTone = 'pending' | 'returned' | 'approved' | 'invalid' | 'neutral';

export interface HistoryCommentView {
  /** "Chỉ tiêu 10. Tỷ lệ …" (a name, never the indicator's code). */
  label: string;
  text: string;
  /** The cell the comment is about, to select. */
  address?: string;
}

export interface HistoryItemView {
  receipt: ReceiptView;
  /** "Chờ duyệt", "Bị trả lại", "Đã duyệt" … ("Hợp lệ" / "Không hợp lệ" from an older system without review). */
  stateLabel: string;
  tone: ReviewTone;
  review?: ReviewState;
  note?: string;
  comments: HistoryCommentView[];
  /** "2 lỗi", "1 cảnh báo" … */
  counts: string;
}

const TONE: Record<ReviewState, ReviewTone> = {
  rejected: 'invalid',
  awaiting_review: 'pending',
  returned: 'returned',
  approved: 'approved',
  superseded: 'neutral',
  held: 'neutral',
};

function commentView(c: ReviewComment, view?: TemplateView): HistoryCommentView {
  const item = view?.items.find((i) => i.indicator === c.indicator);
  const address = c.cell ?? (item?.row !== undefined ? `E${item.row}` : undefined);
  return { label: item ? indicatorLabel(item) : 'Ý kiến chung', text: c.text, ...(address ? { address } : {}) };
}

export function historyItemView(e: HistoryEntry, view?: TemplateView): HistoryItemView {
  const review = e.review ?? (e.status === 'rejected' ? 'rejected' : undefined);
  const counts = [e.errors.length ? `${e.errors.length} lỗi` : '', e.warnings.length ? `${e.warnings.length} cảnh báo` : ''].filter(Boolean).join(', ');
  return {
    receipt: receiptView(e, view?.catalog, e.errors.length),
    stateLabel: review ? REVIEW_LABEL[review] : 'Hợp lệ',
    tone: review ? TONE[review] : 'pending',
    ...(review ? { review } : {}),
    ...(e.reviewNote ? { note: e.reviewNote } : {}),
    comments: e.reviewComments.map((c) => commentView(c, view)),
    counts,
  };
}
