/**
 * What the worker collects: the periods the planning office opened, each against one version of a
 * year's catalogue and with the office's deadline, open (taking files) or closed (kept, with its
 * board, submissions and appendices, taking nothing more). Several periods can be open at once —
 * a late 6-month file arriving while 9 months are collected is the 6-month period's — so a file is
 * filed under the period its template names. Pure data and rules; the ledger keeps it.
 */
import { findUnit, type Catalog, type Period, type Unit } from './catalog.ts';
import { formatTimeVi } from './format.ts';

/** One period the office opened. */
export interface CollectedPeriod {
  /** The catalogue version the period collects against. */
  catalog: Catalog;
  catalogVersion: number;
  /** The period as the catalogue defines it, with the office's deadline. */
  period: Period;
  open: boolean;
  openedAt: string;
  closedAt?: string;
}

export interface Collection {
  periods: CollectedPeriod[];
}

export const EMPTY_COLLECTION: Collection = { periods: [] };

export function openPeriods(c: Collection): CollectedPeriod[] {
  return c.periods.filter((p) => p.open);
}

export function findCollected(c: Collection, periodId: string | null | undefined): CollectedPeriod | undefined {
  return periodId ? c.periods.find((p) => p.period.id === periodId) : undefined;
}

/** The period shown first: the latest opened of the open ones, else the latest opened. */
export function currentPeriod(c: Collection): CollectedPeriod | undefined {
  const byOpening = [...c.periods].sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : a.period.id < b.period.id ? 1 : -1));
  return byOpening.find((p) => p.open) ?? byOpening[0];
}

/** A unit by code in the catalogue of a period, else in any catalogue collected (the newest first). */
export function unitOf(c: Collection, code: string | null | undefined, periodId?: string | null): Unit | undefined {
  if (!code) return undefined;
  const own = findCollected(c, periodId);
  const inOwn = own && findUnit(own.catalog, code);
  if (inOwn) return inOwn;
  for (const p of [...c.periods].reverse()) {
    const u = findUnit(p.catalog, code);
    if (u) return u;
  }
  return undefined;
}

function quoted(headers: string[]): string {
  return headers.map((h) => `“${h}”`).join(', ');
}

/**
 * The open period a template belongs to (by the catalogue and period written in it), or why the
 * file cannot be taken, in the planning office's words.
 */
export function periodForTemplate(
  c: Collection,
  meta: { catalogId?: string; period?: string; periodHeader?: string },
): { ok: true; entry: CollectedPeriod } | { ok: false; reason: string } {
  const open = openPeriods(c);
  const entry = findCollected(c, meta.period);
  if (entry && entry.catalog.id === meta.catalogId) {
    if (entry.open) return { ok: true, entry };
    return {
      ok: false,
      reason: `Kỳ báo cáo “${entry.period.header}” đã đóng${entry.closedAt ? ` lúc ${formatTimeVi(entry.closedAt)}` : ''}; hệ thống không nhận thêm báo cáo của kỳ này. Nếu cần nộp bổ sung, hãy liên hệ Phòng Tài chính - Kế hoạch.`,
    };
  }
  if (open.length === 0) return { ok: false, reason: 'Hiện chưa có kỳ báo cáo nào đang thu. Hãy chờ Phòng Tài chính - Kế hoạch mở kỳ báo cáo rồi nộp lại.' };
  const headers = open.map((p) => p.period.header);
  const catalogs = [...new Set(open.map((p) => p.catalog))];
  if (!catalogs.some((cat) => cat.id === meta.catalogId)) {
    const years = [...new Set(catalogs.map((cat) => cat.year))].join(', ');
    return {
      ok: false,
      reason: `Biểu mẫu thuộc danh mục chỉ tiêu khác (“${meta.catalogId ?? '?'}”), hệ thống đang thu theo danh mục năm ${years}. Hãy tải biểu mẫu mới của kỳ này.`,
    };
  }
  const shown = meta.periodHeader ?? meta.period ?? '?';
  return {
    ok: false,
    reason:
      headers.length === 1
        ? `Biểu mẫu thuộc kỳ “${shown}”, hệ thống đang thu kỳ “${headers[0]}”. Hãy tải biểu mẫu của kỳ này và nhập lại số liệu.`
        : `Biểu mẫu thuộc kỳ “${shown}”, hệ thống đang thu các kỳ ${quoted(headers)}. Hãy tải biểu mẫu của kỳ đang thu và nhập lại số liệu.`,
  };
}

/**
 * The open period a lower level's appendix answers (by its period), for a level whose catalogue
 * has lower units; or why not.
 */
export function periodForAppendix(c: Collection, periodId: string | undefined, isLevel: (cat: Catalog) => boolean): CollectedPeriod | undefined {
  const entry = findCollected(c, periodId);
  return entry && entry.open && isLevel(entry.catalog) ? entry : undefined;
}

/** A collection of one open period (a test, the benchmark, a one-off read). */
export function collectionOf(catalog: Catalog, period: Period, openedAt = '1970-01-01T00:00:00.000Z'): Collection {
  return { periods: [{ catalog, catalogVersion: 1, period, open: true, openedAt }] };
}
