/**
 * A reviewed draft (catalog-draft.ts) becomes the year's catalogue: refused, naming each row, while
 * a point still needs review; then validated exactly as a catalogue file (parseCatalog).
 */
import type { Catalog } from './catalog.ts';
import { DraftError, draftCatalog, rowLabel, shapeProblems, type CatalogDraft } from './catalog-draft.ts';
import { CatalogError, parseCatalog } from './catalog-schema.ts';

/**
 * The catalogue of a reviewed draft. Refused, naming each row, while a row (not omitted) or the
 * draft still has a `needsReview` reason; then the catalogue is validated as any catalogue file
 * (parseCatalog) and its problems are given. Rows are numbered (stt) in their order; omitted rows
 * are left out, and a group left without a row is dropped with them.
 */
export function finalizeDraft(draft: CatalogDraft, source = 'bản đề xuất'): Catalog {
  const shape = shapeProblems(draft);
  if (shape.length) throw new DraftError(source, shape);
  const problems: string[] = [];
  for (const reason of draft.needsReview ?? []) problems.push(`Cả danh mục: ${reason}`);
  draft.rows.forEach((row, i) => {
    if (row.omit) return;
    if (row.needsReview.length) {
      problems.push(
        `${rowLabel(row, i)} còn ${row.needsReview.length} điểm cần xem lại: ${row.needsReview.map((p) => p.reason).join(' ')} Khi đã sửa, hãy xóa các điểm đó khỏi “needsReview”.`,
      );
    }
  });
  if (problems.length) throw new DraftError(source, problems);
  try {
    return parseCatalog(draftCatalog(draft), source);
  } catch (e) {
    if (e instanceof CatalogError) throw new DraftError(source, e.problems);
    throw e;
  }
}
