/**
 * What a draft states that the check compares, read from its paragraphs, footnotes and tables (only
 * in the part about the catalogue's year): figures, shares and plans of indicators, the summary's
 * counts, the rows of its copy of Phụ lục 1, and what it could not read and why; each with its place
 * in the draft ("đoạn 12", "chú thích 42", "bảng 1, dòng 3").
 */
import type { Catalog } from '../../shared/catalog.ts';
import { countStatements } from './check-counts.ts';
import { scopeOf } from './check-scope.ts';
import { subjectsOf } from './check-subjects.ts';
import { isSpacedHeader, NUMBER_IN, readTable, SPACED_ROW_HEADER, spacedRowCells, tabTables } from './check-tables.ts';
import type { DraftFigure, DraftStatements, Place } from './check-types.ts';
import { readStatements, subjectsNamed } from './figures.ts';
import type { ReadDocx } from './read-docx.ts';
import { quoteAround } from './text.ts';

function placeLabel(p: Omit<Place, 'label' | 'quote'>): string {
  if (p.kind === 'paragraph') return `đoạn ${p.number}`;
  if (p.kind === 'footnote') return p.number === '' ? 'chú thích không đánh số' : `chú thích ${p.number}`;
  return `bảng ${p.number}, dòng ${p.row}`;
}

function place(kind: Place['kind'], number: number | string, quote: string, row?: number): Place {
  const base = { kind, number, ...(row !== undefined ? { row } : {}) };
  return { ...base, label: placeLabel(base), quote };
}

/**
 * Everything the draft states that the check compares: figures, shares and plans of indicators in
 * its paragraphs, footnotes and tables (only in the part about the catalogue's year), the summary's
 * counts, and the rows of its copy of Phụ lục 1.
 */
export function draftStatements(draft: ReadDocx, catalog: Catalog): DraftStatements {
  const { subjects, info } = subjectsOf(catalog);
  const year = catalog.year;
  const inScope = scopeOf(draft, year);
  const out: DraftStatements = { figures: [], shares: [], plans: [], unread: [], counts: [], rows: [] };
  const scan = (text: string, at: (quote: string) => Place, pos: number) => {
    const read = readStatements(text, subjects, { year });
    const mine = new Map<object, DraftFigure>();
    for (const st of read.figures) {
      const i = info.get(st.subject)!;
      const f: DraftFigure = {
        subject: st.subject,
        indicator: i.indicator.code,
        ...(i.related ? { related: i.related } : {}),
        figure: st.figure,
        said: st.text,
        place: at(quoteAround(text, st.mention, st.end)),
        pos: [pos, st.start],
        ...(st.part ? { part: st.part } : {}),
      };
      mine.set(st, f);
      out.figures.push(f);
      if (st.denominator && !i.related) {
        const d = st.denominator;
        out.plans.push({
          indicator: i.indicator.code,
          source: 'sentence',
          text: d.text,
          value: d.value,
          decimals: d.decimals,
          ...(d.whole ? { whole: true } : {}),
          said: st.text,
          place: f.place,
          pos: [pos, st.start + 0.5],
          ...(st.part ? { part: st.part } : {}),
        });
      }
    }
    for (const sh of read.shares) {
      const i = info.get(sh.subject)!;
      out.shares.push({
        subject: sh.subject,
        indicator: i.indicator.code,
        ...(i.related ? { related: i.related } : {}),
        base: sh.base,
        percent: sh.percent,
        decimals: sh.decimals,
        word: sh.word,
        baseText: sh.baseText,
        said: sh.text,
        place: at(quoteAround(text, sh.mention, sh.end)),
        pos: [pos, sh.start],
        ...(sh.figure && mine.has(sh.figure) ? { figure: mine.get(sh.figure)! } : {}),
        ...(sh.part ? { part: sh.part } : {}),
      });
    }
    for (const u of read.unread) {
      out.unread.push({
        indicator: info.get(u.subject)!.indicator.code,
        said: u.text,
        reason: u.reason,
        place: at(quoteAround(text, u.mention, u.end)),
        pos: [pos, u.start],
      });
    }
    for (const c of countStatements(text))
      out.counts.push({ key: c.key, value: c.value, said: c.text, place: at(quoteAround(text, c.start, c.end)), pos: [pos, c.start] });
  };

  // Rows of Phụ lục 1 typed with spaces are read as the tab-separated rows they stand for (their
  // header line too); one that cannot be split into its columns is listed, never read as prose.
  const paragraphs = draft.paragraphs.map((p, k, all) => {
    const cells = spacedRowCells(p.text, catalog);
    if (cells === 'unreadable') {
      if (inScope(p.order)) {
        const ind = catalog.indicators.find((x) => x.stt === Number(/^\s*(\d+)/.exec(p.text)![1]))!;
        const said = p.text.replace(/\s+/g, ' ').trim();
        out.unread.push({
          indicator: ind.code,
          said,
          place: place('paragraph', p.index, said),
          pos: [p.order, 0],
          reason:
            'dòng chỉ tiêu viết cách nhau bằng dấu cách, không có đơn vị tính và kế hoạch như danh mục nên không tách được cột thực hiện; hãy dùng bảng hoặc dấu tab',
        });
      }
      // Kept in its table as an empty row: the rows after it still have their header.
      return { ...p, text: SPACED_ROW_HEADER.map(() => '').join('\t') };
    }
    if (cells) return { ...p, text: cells.join('\t') };
    const next = all[k + 1];
    if (next && isSpacedHeader(p.text) && spacedRowCells(next.text, catalog) !== undefined) return { ...p, text: SPACED_ROW_HEADER.join('\t') };
    return p;
  });
  const tabGroups = tabTables(paragraphs);
  const inTabTable = new Set(tabGroups.flat().map((p) => p.index));
  for (const p of paragraphs) {
    if (inScope(p.order) && !inTabTable.has(p.index)) scan(p.text, (q) => place('paragraph', p.index, q), p.order);
  }
  // Where each footnote's mark is, for a footnote that does not name its indicator.
  const markAt = new Map<number, { text: string; offset: number }>();
  for (const p of draft.paragraphs) for (const n of p.notes) markAt.set(n.id, { text: p.text, offset: n.offset });
  for (const t of draft.tables) for (const r of t.rows) for (const c of r.cells) for (const n of c.notes) markAt.set(n.id, { text: c.text, offset: n.offset });
  for (const fn of draft.footnotes) {
    const order = fn.ref?.order ?? Number.MAX_SAFE_INTEGER;
    if (fn.ref && !inScope(order)) continue;
    const at = (q: string) => place('footnote', fn.mark, q);
    const pos = order + 0.5 + (fn.number ?? 0) / 1e6;
    scan(fn.text, at, pos);
    // A footnote with figures that names no indicator, marked in a clause about one (“Thu ngân sách tăng
    // cao so với kế hoạch⁵” → “Đạt 301,011 tỷ đồng, …”): its figures may be that indicator's, or
    // something else about it (“Có 8 tiêu chí chưa đạt”), so it is listed, not compared.
    const mark = markAt.get(fn.id);
    if (!mark || !NUMBER_IN.test(fn.text) || subjectsNamed(fn.text, subjects).length > 0) continue;
    const before = mark.text.slice(0, mark.offset);
    const clause = before.slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf('. '), before.lastIndexOf(',')) + 1);
    const named = subjectsNamed(clause, subjects)
      .map((k) => info.get(k)!)
      .filter((i) => !i.related);
    if (named.length !== 1) continue;
    const ind = named[0].indicator;
    const said = fn.text.length > 90 ? `${fn.text.slice(0, 89).trimEnd()}…` : fn.text;
    out.unread.push({
      indicator: ind.code,
      said,
      place: at(quoteAround(fn.text, 0, Math.min(fn.text.length, 1))),
      pos: [pos, 0],
      reason: `chú thích không nêu tên chỉ tiêu; câu có dấu chú thích nói về chỉ tiêu ${ind.stt} (“${clause.trim()}”), nhưng không chắc số liệu trong chú thích là của chỉ tiêu này, nên không đối chiếu`,
    });
  }
  for (const t of draft.tables) {
    if (!inScope(t.order)) continue;
    readTable(
      t.rows.map((row, k) => ({
        cells: row.cells.map((c) => c.text),
        pos: t.order + (k + 1) / 1e4,
        at: (q) => place('table', t.index, q, k + 1),
        labelOf: (stt) => `bảng ${t.index}, dòng chỉ tiêu số ${stt}`,
      })),
      catalog,
      out,
      scan,
    );
  }
  for (const g of tabGroups) {
    const inside = g.filter((p) => inScope(p.order));
    if (inside.length === 0) continue;
    readTable(
      inside.map((p) => ({
        cells: p.text.split('\t'),
        pos: p.order,
        at: (q) => place('paragraph', p.index, q),
        labelOf: (stt) => `đoạn ${p.index} (dòng chỉ tiêu số ${stt})`,
      })),
      catalog,
      out,
      scan,
    );
  }
  const byPos = (a: { pos: [number, number] }, b: { pos: [number, number] }) => a.pos[0] - b.pos[0] || a.pos[1] - b.pos[1];
  for (const list of [out.figures, out.shares, out.plans, out.unread, out.counts, out.rows] as { pos: [number, number] }[][]) list.sort(byPos);
  return out;
}
