/**
 * What the task pane shows, computed from a read of the sheet and the bundled catalogues. Pure:
 * the assessment and the checks are the shared rule (evaluateRow, checkRow in shared/report.ts),
 * never a copy of it.
 */
import { isMet, STATUS_BADGE, type Status } from '../../shared/assess.ts';
import { findPeriod, findUnit, indicatorsOf, printedDate, reportingUnits, type Catalog, type Period } from '../../shared/catalog.ts';
import { formatTimeVi, yearVi } from '../../shared/format.ts';
import { COL } from '../../shared/layout.ts';
import { checkRow, evaluateRow, type ProblemCode } from '../../shared/report.ts';
import type { BundledCatalog } from '../catalogs.ts';
import type { ReadResult, SheetRow } from '../office/read.ts';

export type TemplateRead = Extract<ReadResult, { kind: 'template' }>;

export interface CheckProblem {
  code: ProblemCode | 'layout';
  field: 'value' | 'note';
  message: string;
  /** The cell to select, e.g. "E6"; absent when the row itself is missing. */
  address?: string;
}

export interface CheckItem {
  indicator: string;
  stt: number;
  name: string;
  unit: string;
  plan: string;
  row?: number;
  status: Status;
  badge: string;
  /** The figure as the appendix will print it ("Tăng 6,45 %"), or "" when blank. */
  printed: string;
  problems: CheckProblem[];
}

export interface TemplateView {
  catalog: Catalog;
  unitCode: string;
  unitName: string;
  periodHeader: string;
  /** "17:00 ngày 20/11/2023", Vietnam time. */
  deadline: string;
  catalogLabel: string;
  /** Vietnamese warnings (catalogue changed since the template was made …). */
  warnings: string[];
  items: CheckItem[];
  summary: { met: number; total: number; problems: number; text: string };
}

export type ViewResult = { ok: true; view: TemplateView } | { ok: false; error: string };

export function catalogLabel(c: Catalog): string {
  return `Năm ${c.year} – Nghị quyết số ${c.resolution.number}${c.resolution.date ? ` ngày ${printedDate(c.resolution.date)}` : ''}`;
}

/** "3/5 chỉ tiêu đạt hoặc vượt; 1 lỗi cần sửa". */
export function summaryText(met: number, total: number, problems: number): string {
  const errors = problems === 0 ? 'không có lỗi cần sửa' : `${problems} lỗi cần sửa`;
  return `${met}/${total} chỉ tiêu đạt hoặc vượt; ${errors}`;
}

function sttOk(row: SheetRow, stt: number): boolean {
  return row.stt === stt || (typeof row.stt === 'string' && Number(row.stt.trim()) === stt);
}

export function buildTemplateView(read: TemplateRead, catalogs: BundledCatalog[]): ViewResult {
  const m = read.meta;
  const bundled = catalogs.find((c) => c.catalog.id === m.catalogId);
  if (!bundled) {
    const have = catalogs.map((c) => `“${c.catalog.id}”`).join(', ') || 'không có';
    return {
      ok: false,
      error: `Biểu mẫu được tạo theo danh mục chỉ tiêu “${m.catalogId ?? '?'}”, nhưng phần bổ trợ chỉ có danh mục ${have}. Hãy cập nhật phần bổ trợ hoặc dùng biểu mẫu của năm hiện hành.`,
    };
  }
  const catalog = bundled.catalog;
  const unit = findUnit(catalog, m.unit ?? '');
  if (!unit) {
    return { ok: false, error: `Mã đơn vị “${m.unit ?? ''}” trong biểu mẫu không có trong danh mục ${catalog.id}. Hãy dùng biểu mẫu đúng của đơn vị.` };
  }
  const period: Period | undefined = findPeriod(catalog, m.period ?? '');
  const warnings: string[] = [];
  if (m.catalogHash && m.catalogHash !== bundled.hash) {
    warnings.push(`Danh mục chỉ tiêu ${catalog.id} trong phần bổ trợ đã thay đổi so với lúc tạo biểu mẫu (mã kiểm tra ${m.catalogHash} ≠ ${bundled.hash}). Kết quả kiểm tra dựa trên danh mục mới; nếu kế hoạch hoặc số dòng đã đổi, hãy tạo lại biểu mẫu.`);
  }
  if (!period) warnings.push(`Kỳ báo cáo “${m.period ?? ''}” không có trong danh mục ${catalog.id}.`);

  const byCode = new Map(read.rows.map((r) => [r.indicator, r]));
  const items: CheckItem[] = indicatorsOf(catalog, unit.code).map((ind) => {
    const row = byCode.get(ind.code);
    const result = evaluateRow(ind, row ? { value: row.value, note: row.note } : undefined, period);
    const base = {
      indicator: ind.code, stt: ind.stt, name: ind.name, unit: ind.unit, plan: ind.plan,
      status: result.assessment.status, badge: STATUS_BADGE[result.assessment.status], printed: result.printed,
    };
    if (!row) {
      return { ...base, problems: [{ code: 'layout', field: 'value', message: `Chỉ tiêu ${ind.stt} (${ind.name}): biểu mẫu không có dòng cho chỉ tiêu này. Biểu mẫu đã cũ; hãy tạo biểu mẫu mới.` }] };
    }
    if (!sttOk(row, ind.stt)) {
      return {
        ...base, row: row.row,
        problems: [{ code: 'layout', field: 'value', address: `${COL.stt}${row.row}`, message: `Dòng ${row.row} phải là chỉ tiêu số ${ind.stt} (${ind.name}) nhưng ô Số TT ghi “${String(row.stt ?? '')}”. Đừng chèn, xóa hay sắp xếp lại dòng.` }],
      };
    }
    const problems = checkRow(result).map((p): CheckProblem => ({
      code: p.code, field: p.field, message: p.message, address: `${p.field === 'value' ? COL.actual : COL.note}${row.row}`,
    }));
    return { ...base, row: row.row, problems };
  });
  const known = new Set(items.map((i) => i.indicator));
  const extra = read.rows.filter((r) => !known.has(r.indicator));
  if (extra.length) {
    warnings.push(`Biểu mẫu có ${extra.length} dòng không còn trong danh mục (${extra.map((r) => r.indicator).join(', ')}); các dòng này không được kiểm tra.`);
  }
  const met = items.filter((i) => isMet(i.status)).length;
  const problems = items.reduce((n, i) => n + i.problems.length, 0);
  return {
    ok: true,
    view: {
      catalog,
      unitCode: unit.code,
      unitName: unit.name,
      periodHeader: period?.header ?? m.periodHeader ?? m.period ?? '',
      deadline: m.deadline ? formatTimeVi(m.deadline) : period ? formatTimeVi(period.deadline) : '…',
      catalogLabel: catalogLabel(catalog),
      warnings,
      items,
      summary: { met, total: items.length, problems, text: summaryText(met, items.length, problems) },
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
