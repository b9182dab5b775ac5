/**
 * The draft of a new year's catalogue (`phuluc-catalog-draft/1`), as proposed from the resolution's
 * own words (catalog-propose.ts) and reviewed by the planning office before it becomes the year's
 * catalogue (docs/catalog-format.md, “The draft”). It wraps a catalogue: everything but the
 * indicators is `catalog`; each indicator is in a row beside the sentence it was read from, the
 * target said in words, which fields were carried over from last year, proposed from the text or
 * defaulted, and the reasons a person must look at it (`needsReview`). A reviewed draft, with
 * every reason resolved (removed), becomes a catalogue through `finalizeDraft`
 * (catalog-draft-finalize.ts, which validates it exactly as a catalogue file is validated). This
 * module has no zod: a page showing a draft imports it without the catalogue's schema.
 */
import type { Catalog, Indicator } from './catalog.ts';
import { jsonErrorPlace } from './json-text.ts';
import { formatNumberVi, withUnit } from './numbers.ts';
import type { Target } from './target.ts';

export const DRAFT_SCHEMA = 'phuluc-catalog-draft/1';

/** Fields of a row whose origin the draft records. */
export const ROW_FIELDS = [
  'code',
  'name',
  'unit',
  'owner',
  'group',
  'plan',
  'target',
  'decimals',
  'bounds',
  'actualFormat',
  'explanation',
  'unmetPhrase',
  'hint',
  'prose',
  'measure',
  'periodPlans',
  'lastYear',
  'rollup',
] as const;
export type RowField = (typeof ROW_FIELDS)[number];

/**
 * Where a field's value comes from: `carried` over from last year's indicator, `proposed` from the
 * resolution's words, `defaulted` by a rule (bounds from the unit, decimals from the plan), or read
 * from last year's `ledger` (the previous year's final appendix).
 */
export type FieldOrigin = 'carried' | 'proposed' | 'defaulted' | 'ledger';

/** The sentence a row was read from. */
export interface DraftSource {
  /** How the list numbers the item: “(5)”, “5.”, “-”, a table's STT, or “” (part of a paragraph). */
  label: string;
  /** The line of the pasted list the item begins on (1-based). */
  line: number;
  /** The whole item as printed: what a page shows beside the row. */
  sentence: string;
  /** The part of it this row was read from (an item may hold several targets). */
  clause: string;
}

/** Last year's indicator a row continues, and how it was recognised. */
export interface DraftContinuation {
  code: string;
  name: string;
  year: number;
  /**
   * `name`: the same name (up to case, spacing, “hoá/hóa”, or a part in brackets); `phrase`: the
   * sentence contains one of the indicator's phrases (`prose.phrases`) or its name; `item`: the
   * whole item is last year's name (kept as one row, as last year); `similar`: only a similar name
   * (always in `needsReview`).
   */
  by: 'name' | 'phrase' | 'item' | 'similar';
  /** The phrase found (`phrase`), or the share of common word pairs (`similar`, 0–1). */
  phrase?: string;
  similarity?: number;
}

/** One point of a row a person must decide: the field it is about, and why (Vietnamese, saying what to do). */
export interface ReviewPoint {
  field: RowField;
  reason: string;
}

/** A point a person marked as reviewed (the console keeps it, with who and when, instead of deleting it). */
export interface ResolvedPoint extends ReviewPoint {
  /** The account that marked it, and when (ISO). */
  by?: string;
  at?: string;
}

export interface DraftRow {
  /** The proposed indicator, a catalogue's indicator (stt follows the rows' order when finalised). */
  indicator: Indicator;
  source: DraftSource;
  /** The proposed target said in words (describeTarget), for the page and the reviewer. */
  reading: string;
  continues?: DraftContinuation;
  /** Where each field of `indicator` comes from (fields absent here are absent from the indicator). */
  fields: Partial<Record<RowField, FieldOrigin>>;
  /**
   * What a person must decide, each with the field it is about: a direction the words do not
   * settle (`target`), a decrease that is not a level, a new indicator without an owner (`owner`),
   * a similar but not equal name (`code`) … Resolve by fixing the indicator and removing the point;
   * until then the draft cannot be finalised.
   */
  needsReview: ReviewPoint[];
  /** What the reviewer should know but need not act on (a name kept from last year, a figure not found in the ledger). */
  notes: string[];
  /** Set to leave the row out of the catalogue. */
  omit?: boolean;
  /** Points of `needsReview` a person marked as reviewed, kept for the record (finalising ignores them). */
  resolved?: ResolvedPoint[];
}

export interface CatalogDraft {
  schema: typeof DRAFT_SCHEMA;
  /** The catalogue without its indicators, which are in `rows`. */
  catalog: Omit<Catalog, 'indicators'>;
  rows: DraftRow[];
  /** Points about the whole draft to resolve (an indicator of last year missing from the list, no units …). */
  needsReview: string[];
  notes: string[];
  /** Parts of the list not read as a target, with their line and why. */
  unread: { line: number; text: string; why: string }[];
  /** How the list was read: its form, the previous catalogue, where last year's figures come from. */
  origin: {
    form: string;
    previous?: { id: string; year: number };
    lastYear?: string;
    columns?: string;
    /** A correction of a stored catalogue (`form` "version"): the version it starts from. */
    base?: { id: string; version: number };
  };
  /** Points about the whole draft a person marked as reviewed (kept for the record). */
  resolved?: { reason: string; by?: string; at?: string }[];
}

/** A draft that cannot become a catalogue yet: every problem names the row (its number, name and line in the list). */
export class DraftError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Bản đề xuất danh mục “${source}” chưa dùng được:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DraftError';
  }
}

// ---------------------------------------------------------------------------------------------

function figure(value: number, unit: string, decimals?: number): string {
  return withUnit(formatNumberVi(value, decimals), unit);
}

/**
 * A target in words, as the assessment applies it (docs/catalog-format.md, `target`): “Càng cao
 * càng tốt: trên 70 Tr. đồng/ người/ năm là vượt kế hoạch, đúng 70 … là đạt, dưới là không đạt.”
 */
export function describeTarget(ind: Pick<Indicator, 'target' | 'unit'>): string {
  const t = ind.target as Target;
  const u = ind.unit;
  switch (t.kind) {
    case 'threshold': {
      const v = figure(t.value, u);
      return t.direction === 'higher'
        ? `Càng cao càng tốt: trên ${v} là vượt kế hoạch, đúng ${v} là đạt, dưới ${v} là không đạt.`
        : `Càng thấp càng tốt: dưới ${v} là vượt kế hoạch, đúng ${v} là đạt, trên ${v} là không đạt.`;
    }
    case 'maintain': {
      const v = figure(t.value, u);
      return t.direction === 'higher'
        ? `Duy trì từ ${v} trở lên: không thấp hơn ${v} là đạt (không tính vượt), thấp hơn là không đạt.`
        : `Duy trì không quá ${v}: không cao hơn ${v} là đạt (không tính vượt), cao hơn là không đạt.`;
    }
    case 'range':
      return `Trong khoảng từ ${formatNumberVi(t.min)} đến ${figure(t.max, u)}: trong khoảng là đạt, trên ${figure(t.max, u)} là vượt kế hoạch, dưới ${figure(t.min, u)} là không đạt.`;
    case 'none':
      return `Chưa đánh giá năm nay: ${t.reason}`;
  }
}

/** A row as people name it in a message: its place, name and where it is in the list. */
export function rowLabel(row: DraftRow, index: number): string {
  const where = !row.source.line
    ? ''
    : row.source.label
      ? `, mục ${row.source.label}, dòng ${row.source.line} của danh sách`
      : `, dòng ${row.source.line} của danh sách`;
  return `Dòng đề xuất ${index + 1} (“${row.indicator?.name || row.source.clause}”${where})`;
}

/**
 * The catalogue a draft becomes, as it stands, without any check: rows not omitted, numbered (stt)
 * in their order, and the groups that still hold a row. finalizeDraft validates it; a page previews
 * it (a template, the appendix) while the draft is still being reviewed.
 */
export function draftCatalog(draft: CatalogDraft): Catalog {
  const kept = draft.rows.filter((r) => !r.omit);
  const indicators = kept.map((r, i) => ({ ...r.indicator, stt: i + 1 }));
  const used = new Set(indicators.map((i) => i.group));
  return { ...draft.catalog, groups: (draft.catalog.groups ?? []).filter((g) => used.has(g.code)), indicators };
}

/** The shape of a draft (not its catalogue, which parseCatalog checks): problems in Vietnamese. */
export function shapeProblems(json: unknown): string[] {
  const d = json as Partial<CatalogDraft> | null;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return ['Tệp không phải bản đề xuất danh mục (cần một nhóm trường trong ngoặc { }).'];
  if (d.schema !== DRAFT_SCHEMA)
    return [
      `Trường “schema” phải là "${DRAFT_SCHEMA}" (đang là ${JSON.stringify(d.schema)}). Tệp này có thể là danh mục đã hoàn chỉnh: hãy dùng “phuluc catalog check”.`,
    ];
  const problems: string[] = [];
  if (!d.catalog || typeof d.catalog !== 'object') problems.push('Thiếu “catalog” (phần chung của danh mục).');
  if (!Array.isArray(d.rows)) problems.push('Thiếu “rows” (danh sách dòng đề xuất).');
  if (d.needsReview !== undefined && !(Array.isArray(d.needsReview) && d.needsReview.every((x) => typeof x === 'string')))
    problems.push('“needsReview” phải là danh sách câu.');
  (Array.isArray(d.rows) ? d.rows : []).forEach((r, i) => {
    if (!r || typeof r !== 'object' || !r.indicator || typeof r.indicator !== 'object') problems.push(`Dòng đề xuất ${i + 1}: thiếu “indicator”.`);
    else if (!Array.isArray(r.needsReview) || !r.needsReview.every((x) => typeof x?.reason === 'string'))
      problems.push(`Dòng đề xuất ${i + 1}: “needsReview” phải là danh sách các điểm { "field", "reason" } (để trống [] khi đã xem xong).`);
    else if (!r.source || typeof r.source !== 'object') problems.push(`Dòng đề xuất ${i + 1}: thiếu “source”.`);
  });
  return problems;
}

/** Reads a draft file's text. Bad JSON or a wrong shape is a DraftError in Vietnamese. */
export function parseDraftText(text: string, source = 'bản đề xuất'): CatalogDraft {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DraftError(source, [`Tệp sai cú pháp JSON ở ${jsonErrorPlace(text, e)}. Hãy kiểm tra dấu phẩy, ngoặc và dấu nháy kép quanh tên trường.`]);
  }
  const problems = shapeProblems(json);
  if (problems.length) throw new DraftError(source, problems);
  return json as CatalogDraft;
}
