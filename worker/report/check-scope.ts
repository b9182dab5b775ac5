/**
 * Which part of a draft the check reads: only the part about the results of the catalogue's year. A
 * heading that names another year ("… NĂM 2024"), or the tasks and targets ("NHIỆM VỤ, GIẢI PHÁP 6
 * THÁNG CUỐI NĂM"), ends it; a heading about results ("KẾT QUẢ …", "ĐÁNH GIÁ …") or "PHỤ LỤC" starts it
 * again.
 */
import type { ReadDocx } from './read-docx.ts';
import { fold } from './text.ts';

function isHeading(text: string, style?: string, outline?: number): boolean {
  if (outline !== undefined) return true;
  if (style && /heading|title|tieude|chuong|^muc/i.test(style)) return true;
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  if (letters.length < 6 || text.length > 300) return false;
  return letters.filter((c) => c !== c.toLowerCase()).length / letters.length >= 0.85;
}

/**
 * Which blocks (by document order) report the results of the catalogue's year. Two things hold
 * until a heading changes them: the year (a heading naming years) and the kind of part (results, or
 * tasks and targets); a sub-heading ("I. ĐÁNH GIÁ CHUNG") keeps the year of its part.
 */
export function scopeOf(draft: ReadDocx, year: number): (order: number) => boolean {
  const changes: [number, boolean][] = [];
  let yearOk = true;
  let results = true;
  let current = true;
  for (const p of draft.paragraphs) {
    if (!isHeading(p.text, p.style, p.outline)) continue;
    const f = fold(p.text).trim();
    const years = [...f.matchAll(/năm\s+((?:19|20)\d\d)(?!\d)/gu)].map((m) => Number(m[1]));
    if (f.startsWith('phụ lục')) {
      yearOk = true;
      results = true;
    } else {
      if (years.length) yearOk = years.includes(year);
      if (/kết quả|tình hình thực hiện|đánh giá/u.test(f)) results = true;
      else if (/nhiệm vụ|giải pháp|mục tiêu|phương hướng/u.test(f)) results = false;
    }
    const next = yearOk && results;
    if (next !== current) {
      changes.push([p.order, next]);
      current = next;
    }
  }
  return (order) => {
    let s = true;
    for (const [at, value] of changes) if (at <= order) s = value;
    return s;
  };
}
