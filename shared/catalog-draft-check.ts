/**
 * A draft checked exactly as publishing checks it (finalizeDraft: the catalogue's schema and every
 * cross-check of catalog-schema.ts), with each problem placed on the draft's row and field it is
 * about, so a page shows it beside the cell; problems of the common part (units, periods, the
 * resolution …) stay the draft's own. The points still to review are listed apart: they block
 * publishing too, but they are a person's decision, not an error.
 *
 * Uses zod (through catalog-schema.ts): the worker's, not the page's (the page has the same checks
 * without zod in catalog-draft-edit.ts, for while a person types).
 */
import { draftCatalog, ROW_FIELDS, rowLabel, shapeProblems, type CatalogDraft, type RowField } from './catalog-draft.ts';
import { CatalogError, CatalogSchema, parseCatalog } from './catalog-schema.ts';
import type { DraftCheck } from './catalog-draft-edit.ts';

export type { DraftCheck } from './catalog-draft-edit.ts';

/** Which field a cross-check's sentence is about (catalog-schema.ts words them; first match wins). */
const FIELD_WORDS: [RegExp, RowField][] = [
  [/“lastYear|số liệu cùng kỳ năm trước/, 'lastYear'],
  [/kế hoạch riêng của kỳ/, 'periodPlans'],
  [/“rollup”|quyền số|“weight”/, 'rollup'],
  [/“decimals”/, 'decimals'],
  [/“bounds|giới hạn/, 'bounds'],
  [/đơn vị phụ trách/, 'owner'],
  [/: nhóm “/, 'group'],
  [/kế hoạch in|Không đọc được kế hoạch/, 'plan'],
];

const ROW_FIELD_SET = new Set<string>(ROW_FIELDS);

/** The draft checked as publishing checks it, each problem on its row and field. */
export function checkDraft(draft: CatalogDraft): DraftCheck {
  const shape = shapeProblems(draft);
  if (shape.length) return { ok: false, rows: [], draft: shape, review: [] };
  const review: DraftCheck['review'] = [
    ...draft.needsReview.map((reason) => ({ label: 'Cả danh mục', reason })),
    ...draft.rows.flatMap((r, i) => (r.omit ? [] : r.needsReview.map((p) => ({ row: i, label: rowLabel(r, i), reason: p.reason })))),
  ];
  // Row k of the catalogue (Số TT k + 1) is the k-th row not left out.
  const kept = draft.rows.map((r, i) => (r.omit ? -1 : i)).filter((i) => i >= 0);
  const catalog = draftCatalog(draft);
  const rows: DraftCheck['rows'] = [];
  const whole: string[] = [];
  let messages: string[] = [];
  try {
    parseCatalog(catalog, 'bản đề xuất');
  } catch (e) {
    if (!(e instanceof CatalogError)) throw e;
    messages = e.problems;
  }
  const parsed = CatalogSchema.safeParse(catalog, { reportInput: true });
  if (!parsed.success) {
    // The schema's problems, in parseCatalog's words, one for one with zod's issues (and their paths).
    parsed.error.issues.forEach((issue, k) => {
      const message = messages[k] ?? issue.message;
      const [top, index, field] = issue.path;
      if (top === 'indicators' && typeof index === 'number' && kept[index] !== undefined) {
        rows.push({ row: kept[index], ...(typeof field === 'string' && ROW_FIELD_SET.has(field) ? { field: field as RowField } : {}), message });
      } else whole.push(message);
    });
  } else {
    for (const message of messages) {
      const at = /^Chỉ tiêu số (\d+) \(mã [^)]*\)/.exec(message);
      const dup = /^Mã chỉ tiêu “([^”]+)” bị trùng/.exec(message);
      if (at && kept[Number(at[1]) - 1] !== undefined) {
        const field = FIELD_WORDS.find(([re]) => re.test(message))?.[1];
        rows.push({ row: kept[Number(at[1]) - 1], ...(field ? { field } : {}), message });
      } else if (dup) {
        for (const i of kept) if (draft.rows[i].indicator.code === dup[1]) rows.push({ row: i, field: 'code', message });
      } else whole.push(message);
    }
  }
  return { ok: rows.length === 0 && whole.length === 0 && review.length === 0, rows, draft: whole, review };
}
