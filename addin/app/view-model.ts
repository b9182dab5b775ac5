/**
 * What the task pane shows, computed from a read of the sheet and the catalogue it carries. Pure:
 * the read-back and the checks are shared/template-read.ts (readTemplateBack, checkTemplate), the
 * very functions the worker runs on a submitted file, never a copy of them.
 *
 * A glance must be enough: a figure that cannot be read or is out of bounds never gets a status
 * badge and never counts as met; a blank row is "Chưa nhập" (grey), not a mistake; errors (red)
 * block submitting, warnings (amber) do not.
 */
import { isMet, type Status } from '../../shared/assess.ts';
import { indicatorsOf, printedDate, reportingUnits, type Catalog, type Period } from '../../shared/catalog.ts';
import { formatTimeVi, yearVi } from '../../shared/format.ts';
import type { Severity } from '../../shared/report.ts';
import { catalogFromMeta, checkTemplate, type SheetProblem, type SheetProblemCode } from '../../shared/template-read.ts';
import { planCellText } from '../../shared/layout.ts';
import type { BundledCatalog } from '../catalogs.ts';
import type { ReadResult } from '../office/read.ts';

export type TemplateRead = Extract<ReadResult, { kind: 'template' }>;

export interface CheckProblem {
  code: SheetProblemCode;
  severity: Severity;
  message: string;
  /** The cell to select, e.g. "E6"; absent when there is none (a row missing from the template). */
  address?: string;
}

/** How an item reads at a glance: a mistake, something to look at, not entered yet, or fine. */
export type Tone = 'error' | 'warning' | 'empty' | 'ok';

export interface CheckItem {
  indicator: string;
  stt: number;
  name: string;
  unit: string;
  plan: string;
  row?: number;
  /** The shared rule's assessment of the figure. */
  status: Status;
  /** The status badge, or null when the figure itself is wrong (no status next to an error). */
  badge: Exclude<Status, 'loi'> | null;
  tone: Tone;
  /** The figure as the appendix will print it ("Tăng 6,45 %"), or "" when blank. */
  printed: string;
  /** Errors and warnings of the row; a blank figure is shown by its badge, not listed. */
  problems: CheckProblem[];
}

export interface Summary {
  met: number;
  total: number;
  /** Rows with no figure yet (and no error). */
  empty: number;
  errors: number;
  warnings: number;
  tone: Tone;
  /** "2/4 chỉ tiêu đạt hoặc vượt kế hoạch; còn 1 chỉ tiêu chưa nhập; 1 lỗi cần sửa". */
  text: string;
}

export interface TemplateView {
  catalog: Catalog;
  unitCode: string;
  unitName: string;
  periodHeader: string;
  /** "17:00 ngày 20/11/2023", Vietnam time. */
  deadline: string;
  catalogLabel: string;
  /** The planning office's intake address written into the template, when there is one. */
  intakeUrl?: string;
  /** Problems of the template as a whole (catalogue changed, rows no longer in the catalogue …). */
  notices: CheckProblem[];
  items: CheckItem[];
  summary: Summary;
  /** Why submitting is refused before anything is read: the errors to fix, or an empty sheet. */
  blocking: { errors: number; empty: boolean; first?: string; emptyMessage?: string };
  /** What the sheet holds (each row's figure, its format and explanation): a submission is for one content. */
  signature: string;
}

export type ViewResult = { ok: true; view: TemplateView } | { ok: false; error: string };

export function catalogLabel(c: Catalog): string {
  return `Năm ${c.year} – Nghị quyết số ${c.resolution.number}${c.resolution.date ? ` ngày ${printedDate(c.resolution.date)}` : ''}`;
}

/** The summary line; only what is there is said. */
export function summaryText(s: Pick<Summary, 'met' | 'total' | 'empty' | 'errors' | 'warnings'>): string {
  const parts = [`${s.met}/${s.total} chỉ tiêu đạt hoặc vượt kế hoạch`];
  if (s.empty > 0) parts.push(`còn ${s.empty} chỉ tiêu chưa nhập`);
  if (s.errors > 0) parts.push(`${s.errors} lỗi cần sửa`);
  if (s.warnings > 0) parts.push(`${s.warnings} cảnh báo`);
  if (s.empty === 0 && s.errors === 0 && s.warnings === 0) parts.push('không có lỗi');
  return parts.join('; ');
}

function toProblem(p: SheetProblem): CheckProblem {
  return { code: p.code, severity: p.severity, message: p.message, ...(p.cell ? { address: p.cell } : {}) };
}

/** A problem that makes the figure itself unusable: the row gets no status badge. */
function spoilsFigure(p: SheetProblem): boolean {
  return p.severity === 'error' && (p.code === 'not_a_number' || p.code === 'out_of_bounds' || p.code === 'layout');
}

/**
 * The template's catalogue: one with the template's id the pane has from the worker (the one the
 * worker checks the file against), else the one the template carries (catalogFromMeta).
 */
export function templateCatalog(read: TemplateRead, catalogs: BundledCatalog[]): Catalog | undefined {
  return catalogs.find((c) => c.catalog.id === read.meta.catalogId)?.catalog ?? catalogFromMeta(read.meta);
}

export function buildTemplateView(read: TemplateRead, catalogs: BundledCatalog[]): ViewResult {
  const m = read.meta;
  const catalog = templateCatalog(read, catalogs);
  if (!catalog) {
    return {
      ok: false,
      error: `Biểu mẫu này được tạo theo danh mục chỉ tiêu năm ${m.year || '?'} trước khi biểu mẫu mang theo danh mục, nên phần bổ trợ chưa có danh mục để kiểm tra. Hãy đăng ký nộp qua mạng trong mục “Cài đặt” (phần bổ trợ sẽ lấy danh mục từ hệ thống), hoặc dùng biểu mẫu mới do Phòng Tài chính - Kế hoạch gửi.`,
    };
  }
  const checked = checkTemplate(catalog, read);
  if ('error' in checked) return { ok: false, error: checked.error };
  const period: Period | undefined = checked.period;

  const notices = checked.problems.filter((p) => p.code !== 'empty_sheet').map(toProblem);
  if (!period) {
    notices.push({
      code: 'layout',
      severity: 'warning',
      message: `Kỳ báo cáo “${m.periodHeader || m.period || ''}” của biểu mẫu không có trong danh mục chỉ tiêu năm ${catalog.year}; hãy hỏi Phòng Tài chính - Kế hoạch trước khi nộp.`,
    });
  }

  const items: CheckItem[] = checked.rows.map((r) => {
    const ind = r.indicator;
    const problems = r.problems.filter((p) => p.code !== 'missing');
    const status = r.result.assessment.status;
    const spoiled = status === 'loi' || problems.some(spoilsFigure);
    const empty = !spoiled && r.result.actual.kind === 'empty';
    const tone: Tone = problems.some((p) => p.severity === 'error') ? 'error' : problems.length > 0 ? 'warning' : empty ? 'empty' : 'ok';
    return {
      indicator: ind.code,
      stt: ind.stt,
      name: ind.name,
      unit: ind.unit,
      plan: planCellText(ind, period),
      ...(r.row !== undefined ? { row: r.row } : {}),
      status,
      badge: status === 'loi' || spoiled ? null : empty ? 'chua_nhap' : status,
      tone,
      printed: r.input ? r.result.printed : '',
      problems: problems.map(toProblem),
    };
  });

  const all = [...notices, ...items.flatMap((i) => i.problems)];
  const errors = all.filter((p) => p.severity === 'error');
  const summaryCounts = {
    met: items.filter((i) => i.badge !== null && isMet(i.badge)).length,
    total: items.length,
    empty: items.filter((i) => i.badge === 'chua_nhap').length,
    errors: errors.length,
    warnings: all.length - errors.length,
  };
  const tone: Tone = summaryCounts.errors > 0 ? 'error' : summaryCounts.warnings > 0 ? 'warning' : summaryCounts.empty > 0 ? 'empty' : 'ok';
  const emptySheet = checked.problems.find((p) => p.code === 'empty_sheet');
  return {
    ok: true,
    view: {
      catalog,
      unitCode: checked.unit.code,
      unitName: checked.unit.name,
      periodHeader: period?.header ?? m.periodHeader ?? m.period ?? '',
      deadline: m.deadline ? formatTimeVi(m.deadline) : period ? formatTimeVi(period.deadline) : '…',
      catalogLabel: catalogLabel(catalog),
      ...(m.intakeUrl?.trim() ? { intakeUrl: m.intakeUrl.trim() } : {}),
      notices,
      items,
      summary: { ...summaryCounts, tone, text: summaryText(summaryCounts) },
      signature: JSON.stringify(read.rows.map((r) => [r.row, r.value, r.valueFormat ?? null, r.note])),
      blocking: {
        errors: errors.length,
        empty: Boolean(emptySheet),
        ...(errors.find((p) => p.address) ? { first: errors.find((p) => p.address)!.address } : {}),
        ...(emptySheet ? { emptyMessage: emptySheet.message } : {}),
      },
    },
  };
}

/** The period to suggest: the first whose deadline is still ahead, else the last one. */
export function defaultPeriod(catalog: Catalog, now: Date): Period {
  return catalog.periods.find((p) => new Date(p.deadline).getTime() >= now.getTime()) ?? catalog.periods[catalog.periods.length - 1];
}

/** The catalogue to suggest: this year's if bundled, else the latest. */
export function defaultCatalog(catalogs: BundledCatalog[], now: Date): BundledCatalog | undefined {
  const year = yearVi(now);
  return catalogs.find((c) => c.catalog.year === year) ?? catalogs[catalogs.length - 1];
}

/** Units the "Tạo biểu mẫu" form offers: those owning indicators. */
export function unitOptions(catalog: Catalog): { code: string; label: string }[] {
  return reportingUnits(catalog).map((u) => {
    const n = indicatorsOf(catalog, u.code).length;
    return { code: u.code, label: `${u.name} (${n} chỉ tiêu)` };
  });
}
