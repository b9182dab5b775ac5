/**
 * What the console's pages show, assembled from the ledger and the derivation of the review: the
 * board, a submission beside the plan and the unit's previous version, the appendix preview (the
 * shared layout's model, drawn by the page), the late list with reminders ready to copy.
 */
import { canAct, ROLE_LABEL, type ConsoleRole } from '../../shared/accounts.ts';
import { findUnit, indicatorsOf, type Catalog, type Period } from '../../shared/catalog.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { unitOf, type Collection } from '../../shared/collection.ts';
import { statusLabel } from '../../shared/assess.ts';
import { planCellText } from '../../shared/layout.ts';
import { evaluateRow, sameFigure } from '../../shared/report.ts';
import { cutoffWindow, calendarDaysUntil } from '../../shared/period.ts';
import {
  type BoardResponse,
  type BoardUnit,
  type FigureRow,
  type InboxWaiting,
  type LateEntry,
  type LateResponse,
  type PeriodInfo,
  type SubmissionView,
} from '../../shared/console-api.ts';
import { allowedActions, SYSTEM_ACTOR } from '../../shared/review.ts';
import { allApproved, type UnitStatus } from '../consolidate/statuses.ts';
import { valueText } from '../consolidate/warnings.ts';
import { describeProblem } from '../../shared/problem.ts';
import type { EventRecord, Ledger, SubmissionRecord, UserRecord } from '../ledger/contract.ts';
import { figureCell, periodReview, reviewDetails } from '../review/index.ts';

export function periodInfo(period: Period, now: Date): PeriodInfo {
  return {
    id: period.id,
    header: period.header,
    deadline: period.deadline,
    cutoff: cutoffWindow(period.id) ?? null,
    daysLeft: calendarDaysUntil(period.deadline, now),
    overdue: now.getTime() > Date.parse(period.deadline),
  };
}

/** “Phòng Kinh tế đã gửi tệp của Phòng Văn hóa và Thông tin (“x.xlsx”) lúc …; hệ thống đã từ chối tệp này.” */
export function foreignUploadNotice(collection: Collection, e: EventRecord): string {
  const name = (code: unknown) => (typeof code === 'string' ? unitOf(collection, code, e.period)?.name : undefined) ?? 'Một đơn vị';
  const file = typeof e.detail.fileName === 'string' ? ` (“${e.detail.fileName}”)` : '';
  return `${name(e.unit)} đã gửi tệp của ${name(e.detail.fileUnit)}${file} bằng mã truy cập của mình lúc ${formatTimeVi(e.at)}; hệ thống đã từ chối tệp này. Nếu cần, hãy liên hệ hai đơn vị để nộp đúng biểu mẫu.`;
}

/** How many reminders a unit was sent for a period, and when the last one went. */
export type ReminderCounts = Map<string, { count: number; lastAt?: string }>;

export interface BoardExtras {
  notices?: string[];
  reminders?: ReminderCounts;
  inbox?: InboxWaiting;
  /** The period takes files. */
  open?: boolean;
  /** Accounts' full names by account name (who reviewed, who excused). */
  names?: Map<string, string>;
}

const NO_INBOX: InboxWaiting = { settling: [], ready: [], skipped: [] };

export function boardView(period: Period, statuses: UnitStatus[], now: Date, extras: BoardExtras = {}): BoardResponse {
  const person = (name: string) => extras.names?.get(name) || name;
  const units: BoardUnit[] = statuses.map((s) => ({
    code: s.code,
    name: s.name,
    ...(s.review ? { state: s.review } : {}),
    ...(s.record ? { submissionId: s.record.id, fileName: s.record.fileName, receivedAt: s.record.receivedAt } : {}),
    late: s.record ? Date.parse(s.record.receivedAt) > Date.parse(period.deadline) : false,
    overdue: s.overdue,
    warnings: s.state === 'accepted' ? (s.record?.warnings.length ?? 0) : 0,
    errors: s.state === 'rejected' ? (s.record?.problems.length ?? 0) : 0,
    held: s.held.length,
    laterRejected: s.state === 'accepted' && s.latest?.status === 'rejected',
    ...(s.reviewedBy ? { reviewedBy: person(s.reviewedBy), reviewedAt: s.reviewedAt } : {}),
    ...(s.reviewNote ? { note: s.reviewNote } : {}),
    ...(s.excused ? { excused: { reason: s.excused.reason, at: s.excused.at, by: person(s.excused.actor) } } : {}),
    reminders: extras.reminders?.get(s.code) ?? { count: 0 },
  }));
  const count = (f: (u: BoardUnit) => boolean) => units.filter(f).length;
  const submitted = count((u) => u.state !== undefined);
  return {
    period: periodInfo(period, now),
    generatedAt: now.toISOString(),
    counts: {
      expected: units.length,
      submitted,
      missing: units.length - submitted,
      awaiting: count((u) => u.state === 'awaiting_review'),
      returned: count((u) => u.state === 'returned'),
      approved: count((u) => u.state === 'approved'),
      rejected: count((u) => u.state === 'rejected'),
      excused: count((u) => u.excused !== undefined),
    },
    // The appendix's own rule, not a second copy of it.
    final: allApproved(statuses),
    units,
    notices: extras.notices ?? [],
    inbox: extras.inbox ?? NO_INBOX,
    open: extras.open ?? true,
  };
}

function figureRows(catalog: Catalog, period: Period, rec: SubmissionRecord, previous: SubmissionRecord | undefined): FigureRow[] {
  const unit = rec.unit!;
  const problemsOf = (code: string) => [...rec.problems, ...rec.warnings].filter((p) => p.indicator === code).map((p) => p.message);
  return indicatorsOf(catalog, unit).map((ind) => {
    const r = evaluateRow(ind, rec.rows?.[ind.code], period);
    const prevRow = previous?.rows?.[ind.code];
    const prev = prevRow ? evaluateRow(ind, prevRow, period) : undefined;
    const changed = prev !== undefined && rec.rows !== null && (!sameFigure(prev, r) || prev.note !== r.note);
    return {
      indicator: ind.code,
      stt: ind.stt,
      name: ind.name,
      unit: ind.unit,
      plan: planCellText(ind, period),
      printed: rec.rows ? r.printed : '',
      status: rec.rows ? statusLabel(r.assessment) : '',
      note: r.note,
      previous: prev ? prev.printed || valueText(ind, prevRow!.value ?? null) : null,
      changed,
      cell: figureCell(catalog, period, unit, ind.code) ?? '',
      problems: problemsOf(ind.code),
    };
  });
}

/**
 * How a submission's history names who acted: the account's full name; an account without one by
 * its role (“Phòng Tài chính - Kế hoạch”), an account no longer known as the planning office — never
 * a login name. The machine's own changes keep their actor (the page names the unit for a file).
 */
export function actorNames(users: readonly Pick<UserRecord, 'name' | 'role' | 'fullName'>[]): (actor: string) => string {
  const byName = new Map(users.map((u) => [u.name, u.fullName.trim() || ROLE_LABEL[u.role]]));
  return (actor) => (actor === SYSTEM_ACTOR ? actor : (byName.get(actor) ?? ROLE_LABEL['ke-hoach']));
}

/** A submission of the period as the console shows it, or undefined when it is not one. */
export async function submissionView(
  ledger: Ledger,
  catalog: Catalog,
  period: Period,
  id: number,
  role: ConsoleRole,
  open = true,
): Promise<SubmissionView | undefined> {
  const rec = await ledger.byId(id);
  if (!rec || !rec.unit || rec.period !== period.id) return undefined;
  const review = (await periodReview(ledger, period.id)).get(rec.unit);
  const mine = review?.states.get(rec.id);
  const state = mine?.state ?? 'rejected';
  const previous = rec.status === 'accepted' ? await ledger.previousAccepted(rec.unit, period.id, rec.id) : undefined;
  const d = reviewDetails(mine);
  const nameOf = actorNames(await ledger.users());
  const current = review?.current && review.current.id !== rec.id ? review.current.id : undefined;
  return {
    id: rec.id,
    unit: rec.unit,
    unitName: findUnit(catalog, rec.unit)?.name ?? rec.unit,
    period: period.id,
    fileName: rec.fileName,
    receivedAt: rec.receivedAt,
    source: rec.source,
    late: Date.parse(rec.receivedAt) > Date.parse(period.deadline),
    status: rec.status,
    state,
    sha256: rec.sha256,
    ...(previous ? { previousId: previous.id, previousReceivedAt: previous.receivedAt } : {}),
    ...(current !== undefined ? { currentId: current } : {}),
    rows: figureRows(catalog, period, rec, previous),
    errors: rec.problems.map(describeProblem),
    warnings: rec.warnings.map(describeProblem),
    // A closed period's reviews may still change (the office approves a file it took before closing).
    actions: canAct(role) ? allowedActions(state).filter((a) => open || a !== 'reopen' || state === 'approved') : [],
    // Who acted, by full name.
    history: (review?.timeline ?? []).map((e) => ({ ...e, actor: nameOf(e.actor) })),
    ...(d.action === 'return' && d.note ? { note: d.note } : {}),
    ...(d.action === 'return' && d.comments ? { comments: d.comments } : {}),
  };
}

/** Units that have not given a valid file, or were returned and have not submitted again, with reminders. */
export interface LateExtras {
  emails?: Map<string, string>;
  reminders?: ReminderCounts;
  /** Reminders can go by e-mail from here. */
  smtp?: boolean;
}

export function lateView(catalog: Catalog, period: Period, statuses: UnitStatus[], now: Date, extras: LateExtras = {}): LateResponse {
  const info = periodInfo(period, now);
  const deadline = formatTimeVi(period.deadline);
  const when = info.overdue
    ? `Hạn nộp là ${deadline}; đến nay đơn vị chưa có báo cáo hợp lệ.`
    : `Hạn nộp là ${deadline} (${info.daysLeft === 0 ? 'hôm nay' : `còn ${info.daysLeft} ngày`}).`;
  const entries: LateEntry[] = [];
  for (const s of statuses) {
    if (s.excused && s.state === 'missing') continue; // excused from the period: nothing is asked of it
    let reason: LateEntry['reason'] | undefined;
    let detail = '';
    let ask = '';
    if (s.state === 'missing') {
      reason = 'missing';
      detail = 'Chưa nộp';
      ask =
        'Đơn vị chưa nộp báo cáo. Đề nghị đơn vị điền biểu mẫu Phụ lục 1 và nộp bằng nút “Nộp báo cáo” trong phần bổ trợ hoặc lưu vào thư mục nộp báo cáo chung.';
    } else if (s.state === 'rejected') {
      reason = 'rejected';
      detail = `Tệp nộp lúc ${formatTimeVi(s.record?.receivedAt)} không hợp lệ`;
      ask = `Tệp đơn vị nộp lúc ${formatTimeVi(s.record?.receivedAt)} không hợp lệ${
        s.problems.length
          ? ` (${s.problems
              .slice(0, 3)
              .map((p) => p.replace(/\.$/, ''))
              .join('; ')})`
          : ''
      }. Đề nghị đơn vị sửa rồi nộp lại.`;
    } else if (s.review === 'returned') {
      reason = 'returned';
      detail = `Bị trả lại lúc ${formatTimeVi(s.reviewedAt)}${s.reviewNote ? `: ${s.reviewNote}` : ''}`;
      ask = `Báo cáo của đơn vị đã bị trả lại lúc ${formatTimeVi(s.reviewedAt)}${s.reviewNote ? ` với ghi chú: “${s.reviewNote}”` : ''}. Đề nghị đơn vị sửa theo ý kiến của Phòng Tài chính - Kế hoạch rồi nộp lại.`;
    }
    if (!reason) continue;
    const reminder = [
      `Kính gửi: ${s.name}.`,
      `Phòng Tài chính - Kế hoạch đề nghị đơn vị nộp báo cáo Phụ lục 1 (${period.header}). ${ask}`,
      when,
      'Trân trọng.',
    ].join('\n');
    entries.push({
      code: s.code,
      name: s.name,
      reason,
      detail,
      reminder,
      email: extras.emails?.get(s.code) ?? null,
      reminders: extras.reminders?.get(s.code) ?? { count: 0 },
    });
  }
  const all = entries.length
    ? [
        `Kính gửi: ${entries.map((e) => e.name).join('; ')}.`,
        `Phòng Tài chính - Kế hoạch đề nghị các đơn vị nêu trên nộp (hoặc nộp lại) báo cáo Phụ lục 1 (${period.header}). ${when}`,
        ...entries.map((e, i) => `${i + 1}. ${e.name}: ${e.detail}.`),
        'Trân trọng.',
      ].join('\n')
    : '';
  return { period: info, entries, all, smtp: extras.smtp ?? false };
}
