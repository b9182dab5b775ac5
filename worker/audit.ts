/**
 * The audit: every action on every unit and period — the files received, the planning office's
 * review actions, and the events (periods, access, accounts, reminders, settings) — as sentences a
 * person reads: who (by full name, or the unit that sent the file), when, what, on which file (a
 * short label, never a 64-character fingerprint). Newest first; filtered by period, unit, kind and
 * days; exported as a workbook.
 */
import { ROLE_LABEL, type ConsoleRole } from '../shared/accounts.ts';
import { unitOf, type Collection } from '../shared/collection.ts';
import type { AuditEntry, AuditFilter } from '../shared/console-api.ts';
import { formatTimeVi, vnDayNumber } from '../shared/format.ts';
import { padCount } from '../shared/numbers.ts';
import type { EventRecord, Ledger, ReviewRecord, SubmissionStub } from './ledger/contract.ts';
import type { TableSheet } from './render/exceljs.ts';

/** The kind an event belongs to, for the filter. */
const EVENT_KIND: Record<string, AuditEntry['kind']> = {
  foreign_upload: 'submission',
  catalog_added: 'period',
  period_catalog_changed: 'period',
  catalog_exported: 'period',
  catalog_draft_proposed: 'period',
  catalog_draft_opened: 'period',
  catalog_draft_imported: 'period',
  catalog_draft_saved: 'period',
  catalog_draft_discarded: 'period',
  period_opened: 'period',
  deadline_moved: 'period',
  period_closed: 'period',
  period_reopened: 'period',
  unit_email_set: 'access',
  enrolment_issued: 'access',
  tokens_revoked: 'access',
  templates_downloaded: 'access',
  unit_excused: 'settings',
  unit_excuse_withdrawn: 'settings',
  inbox_taken: 'settings',
  account_added: 'account',
  account_disabled: 'account',
  password_reset: 'account',
  role_changed: 'account',
  password_changed: 'account',
  setup_done: 'account',
  reminder_sent: 'reminder',
  report_checked: 'review',
  report_finding_dismissed: 'review',
  report_finding_restored: 'review',
};

/** A short label of a file: its name and the first 8 characters of its fingerprint. */
export function fileLabel(fileName: string, sha256: string | null): string {
  return sha256 ? `${fileName} (${sha256.slice(0, 8)})` : fileName;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/**
 * Ends a sentence with a period unless it ends with its own . ! ? or … already (also inside a
 * closing quotation mark: “Đã kiểm tra.”), so a note or a reason the office typed with its own
 * period does not get a second one.
 */
export function endSentence(text: string): string {
  const t = text.trimEnd();
  return /[.!?…]["”’»]*$/u.test(t) ? t : `${t}.`;
}

/** The submission a review action was about, as the audit names it: “bản nộp số 16, tệp KT-6t.xlsx”. */
export function submissionLabel(s: Pick<SubmissionStub, 'id' | 'fileName'>): string {
  return `bản nộp số ${s.id}, tệp ${s.fileName}`;
}

export async function auditEntries(ledger: Ledger, collection: Collection, f: AuditFilter = {}): Promise<{ entries: AuditEntry[]; total: number }> {
  const limit = Math.min(f.limit ?? 500, 5000);
  const users = new Map((await ledger.users()).map((u) => [u.name, u.fullName || u.name]));
  const who = (actor: string | null | undefined) => (actor ? (users.get(actor) ?? actor) : 'Hệ thống');
  const unitName = (code: string | null | undefined, period?: string | null) => (code ? (unitOf(collection, code, period)?.name ?? code) : undefined);
  // A period's header: an opened period's, else the catalogue's (a file sent for a period never
  // opened), else its id.
  let stored: Map<string, string> | undefined;
  const catalogHeaders = async () => {
    if (!stored) {
      stored = new Map();
      for (const v of (await ledger.catalogVersions()).reverse()) for (const p of v.content.periods) if (!stored.has(p.id)) stored.set(p.id, p.header);
    }
    return stored;
  };
  const headers = new Map(collection.periods.map((c) => [c.period.id, c.period.header]));
  for (const c of collection.periods) for (const p of c.catalog.periods) if (!headers.has(p.id)) headers.set(p.id, p.header);
  const periodName = async (id: string | null | undefined) => (id ? (headers.get(id) ?? (await catalogHeaders()).get(id) ?? id) : undefined);
  const entries: AuditEntry[] = [];
  const put = (e: Omit<AuditEntry, 'period' | 'unit' | 'file'> & { period?: string | undefined; unit?: string | undefined; file?: string | undefined }) => {
    entries.push(Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as AuditEntry);
  };

  if (!f.kind || f.kind === 'submission') {
    for (const s of await ledger.listSubmissions({ period: f.period, unit: f.unit, limit })) {
      const how = s.source === 'http' ? 'bằng phần bổ trợ' : 'qua thư mục nộp báo cáo chung';
      const result = s.status === 'accepted' ? 'hợp lệ' : `không hợp lệ${s.errors ? ` (${s.errors} lỗi)` : ''}`;
      put({
        at: s.receivedAt,
        who: unitName(s.unit, s.period) ?? 'Không rõ đơn vị',
        kind: 'submission',
        what: `Nộp tệp ${how}: ${result}.`,
        period: await periodName(s.period),
        unit: unitName(s.unit, s.period),
        file: fileLabel(s.fileName, s.sha256),
      });
    }
  }
  if (!f.kind || f.kind === 'review') {
    const periods = f.period ? [f.period] : collection.periods.map((p) => p.period.id);
    for (const id of periods) {
      const actions = (await ledger.reviews(id)).filter((r) => !f.unit || r.unit === f.unit);
      if (!actions.length) continue;
      const subs = new Map((await ledger.periodSubmissions(id)).map((s) => [s.sha256, s]));
      // The action before each one on the same file: what a reopening took back.
      const before = new Map<ReviewRecord, ReviewRecord>();
      const last = new Map<string, ReviewRecord>();
      for (const r of [...actions].sort((x, y) => (x.unit < y.unit ? -1 : x.unit > y.unit ? 1 : x.seq - y.seq))) {
        const key = `${r.unit}|${r.sha256}`;
        const prior = last.get(key);
        if (prior) before.set(r, prior);
        last.set(key, r);
      }
      for (const r of actions) {
        const sub = subs.get(r.sha256);
        put({
          at: r.at,
          who: who(r.actor),
          kind: 'review',
          what: reviewSentence(r, sub, before.get(r)?.action),
          period: await periodName(r.period),
          unit: unitName(r.unit, r.period),
          file: sub ? fileLabel(sub.fileName, sub.sha256) : undefined,
        });
      }
    }
  }
  for (const e of await ledger.events({ period: f.period, unit: f.unit, limit })) {
    const kind = EVENT_KIND[e.kind] ?? 'settings';
    if (f.kind && f.kind !== kind) continue;
    put({
      at: e.at,
      who: e.kind === 'foreign_upload' ? (unitName(e.unit, e.period) ?? 'Không rõ đơn vị') : who(e.actor),
      kind,
      what: eventSentence(e, (c) => unitName(c, e.period) ?? 'một đơn vị'),
      period: await periodName(e.period),
      unit: unitName(e.unit, e.period),
      file: e.sha256 && typeof e.detail.fileName === 'string' ? fileLabel(e.detail.fileName, e.sha256) : undefined,
    });
  }
  const from = f.from ? vnDayNumber(`${f.from}T12:00:00+07:00`) : -Infinity;
  const to = f.to ? vnDayNumber(`${f.to}T12:00:00+07:00`) : Infinity;
  const kept = entries.filter((e) => {
    const day = vnDayNumber(e.at);
    return day >= from && day <= to;
  });
  kept.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { entries: kept.slice(0, limit), total: kept.length };
}

/**
 * A review action as a sentence, naming the submission it was about; a reopening says what it took
 * back when the action before it on that file is known (`reopened`).
 */
export function reviewSentence(r: ReviewRecord, sub: Pick<SubmissionStub, 'id' | 'fileName'> | undefined, reopened?: ReviewRecord['action']): string {
  const which = sub ? ` (${submissionLabel(sub)})` : '';
  const note = r.note?.trim() ? `: “${r.note.trim()}”` : '';
  if (r.action === 'approve') return endSentence(`Duyệt báo cáo${which}${note}`);
  if (r.action === 'return')
    return endSentence(`Trả lại báo cáo${which}${r.comments.length ? `, kèm ${padCount(r.comments.length)} ý kiến về chỉ tiêu` : ''}${note}`);
  const was = reopened === 'approve' ? ' đã duyệt' : reopened === 'return' ? ' đã trả lại' : '';
  return endSentence(`Mở lại báo cáo${was}${which}${note}`);
}

function eventSentence(e: EventRecord, name: (code: string) => string): string {
  const d = e.detail;
  switch (e.kind) {
    case 'foreign_upload':
      return `Gửi tệp “${str(d.fileName)}” của ${name(str(d.fileUnit))} bằng mã truy cập của mình; hệ thống từ chối tệp này.`;
    case 'catalog_added':
      return d.source === 'console'
        ? `Công bố danh mục chỉ tiêu năm ${str(d.year)}, phiên bản ${str(d.version)} (lập trên trang quản lý).`
        : `Nạp danh mục chỉ tiêu năm ${str(d.year)} (phiên bản ${str(d.version)}${d.source === 'config' ? ', từ tệp cấu hình' : d.source === 'embedded' ? ', kèm theo chương trình' : ''}).`;
    case 'period_catalog_changed':
      return `Chuyển kỳ báo cáo “${str(d.header)}” sang phiên bản ${str(d.to)} của danh mục chỉ tiêu năm ${str(d.year)} (trước đó theo phiên bản ${str(d.from)}).`;
    case 'catalog_exported':
      return `Tải danh mục chỉ tiêu năm ${str(d.year)}, phiên bản ${str(d.version)}, dạng tệp Excel.`;
    case 'catalog_draft_proposed':
      return `Lập bản đề xuất danh mục chỉ tiêu năm ${str(d.year)} từ danh sách chỉ tiêu của nghị quyết${d.fileName ? ` (tệp “${str(d.fileName)}”)` : ''}: ${str(d.rows)} chỉ tiêu, ${str(d.points)} điểm cần xem lại.`;
    case 'catalog_draft_opened':
      return `Mở phiên bản ${str(d.version)} của danh mục chỉ tiêu năm ${str(d.year)} thành bản đề xuất để sửa (khi công bố sẽ là phiên bản mới).`;
    case 'catalog_draft_imported':
      return `Nhập bản đề xuất danh mục chỉ tiêu năm ${str(d.year)} từ tệp Excel “${str(d.fileName)}” (${str(d.rows)} chỉ tiêu).`;
    case 'catalog_draft_saved':
      return `Lưu bản đề xuất danh mục chỉ tiêu năm ${str(d.year)} (lần lưu thứ ${str(d.revision)}; còn ${str(d.points)} điểm cần xem lại).`;
    case 'catalog_draft_discarded':
      return `Bỏ bản đề xuất danh mục chỉ tiêu năm ${str(d.year)}.`;
    case 'period_opened':
      return `Mở kỳ báo cáo “${str(d.header)}”, hạn nộp ${formatTimeVi(str(d.deadline))}.`;
    case 'deadline_moved':
      return `Dời hạn nộp từ ${formatTimeVi(str(d.from))} sang ${formatTimeVi(str(d.to))}.`;
    case 'period_closed':
      return 'Đóng kỳ báo cáo: không nhận thêm tệp.';
    case 'period_reopened':
      return 'Mở lại kỳ báo cáo đã đóng.';
    case 'unit_email_set':
      return d.email ? `Đặt địa chỉ thư điện tử nhận thư nhắc: ${str(d.email)}.` : 'Bỏ địa chỉ thư điện tử nhận thư nhắc.';
    case 'unit_excused':
      return endSentence(`Miễn nộp kỳ này: ${str(d.reason)}`);
    case 'unit_excuse_withdrawn':
      return 'Bỏ miễn nộp: đơn vị lại phải nộp kỳ này.';
    case 'enrolment_issued':
      return `Cấp mã đăng ký phần bổ trợ (hết hạn lúc ${formatTimeVi(str(d.expiresAt))}).`;
    case 'tokens_revoked':
      return `Thu hồi ${str(d.revoked)} mã truy cập của phần bổ trợ.`;
    case 'templates_downloaded':
      return d.units === undefined ? 'Tải biểu mẫu.' : `Tải biểu mẫu của ${str(d.units)} đơn vị.`;
    case 'inbox_taken':
      return `Nhận ngay các tệp trong thư mục nộp báo cáo chung (${str(d.taken)} tệp).`;
    case 'reminder_sent':
      return `Nhắc nộp báo cáo qua thư điện tử tới ${str(d.to)}.`;
    case 'account_added':
      return `Tạo tài khoản “${str(d.name)}” (${ROLE_LABEL[d.role as ConsoleRole] ?? str(d.role)}).`;
    case 'account_disabled':
      return `Khoá tài khoản “${str(d.name)}”.`;
    case 'password_reset':
      return `Đặt lại mật khẩu của tài khoản “${str(d.name)}” (phải đổi khi đăng nhập).`;
    case 'role_changed':
      return `Đổi vai trò của tài khoản “${str(d.name)}” thành ${ROLE_LABEL[d.role as ConsoleRole] ?? str(d.role)}.`;
    case 'password_changed':
      return 'Đổi mật khẩu của chính mình.';
    case 'setup_done':
      return `Tạo tài khoản quản trị đầu tiên “${str(d.name)}”.`;
    case 'report_checked':
      return `Đối chiếu dự thảo báo cáo “${str(d.fileName)}” với số liệu tổng hợp: ${typeof d.findings === 'number' && d.findings > 0 ? `${padCount(d.findings)} chỗ cần xem lại${typeof d.dismissed === 'number' && d.dismissed > 0 ? `, trong đó ${padCount(d.dismissed)} chỗ đã bỏ qua` : ''}` : 'không có chỗ nào cần xem lại'}.`;
    case 'report_finding_dismissed':
      return `Bỏ qua chỗ lệch trong dự thảo báo cáo (${str(d.figure)}: dự thảo ghi “${str(d.said)}”${d.appendix ? `, số liệu tổng hợp là “${str(d.appendix)}”` : ''}). Lý do: ${endSentence(str(d.reason))}`;
    case 'report_finding_restored':
      return `Xem lại chỗ lệch đã bỏ qua trong dự thảo báo cáo (${str(d.figure)}: dự thảo ghi “${str(d.said)}”).`;
    default:
      return e.kind;
  }
}

/** The audit as a workbook sheet. */
export function auditSheet(entries: AuditEntry[], title: string): TableSheet {
  return {
    name: 'Nhật ký thao tác',
    title,
    columns: [
      { header: 'Thời điểm', width: 18 },
      { header: 'Người thực hiện', width: 28 },
      { header: 'Kỳ báo cáo', width: 26 },
      { header: 'Đơn vị', width: 30 },
      { header: 'Nội dung', width: 60 },
      { header: 'Tệp', width: 36 },
    ],
    rows: entries.map((e) => [formatTimeVi(e.at), e.who, e.period ?? '', e.unit ?? '', e.what, e.file ?? '']),
    empty: 'Không có thao tác nào theo bộ lọc này.',
  };
}
