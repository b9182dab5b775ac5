/**
 * The structure of a workbook: its sheets (name, visibility, kind) and the part holding each, read
 * from xl/workbook.xml and its relationships. Screening (what kinds of sheets are there, where are
 * the worksheets to scan) and the cell reader both use this one reading.
 */
import { resolveTarget, withParser } from './xml.ts';

export type SheetKind = 'worksheet' | 'chartsheet' | 'dialogsheet' | 'macrosheet' | 'other';

export interface SheetRef {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  kind: SheetKind;
  /** The part holding the sheet ("xl/worksheets/sheet1.xml"), or "" when its relationship is missing. */
  part: string;
}

export interface WorkbookStructure {
  /** The workbook's root element, without prefix ("workbook" for a spreadsheet). */
  root: string;
  sheets: SheetRef[];
}

function kindOf(type: string): SheetKind {
  if (/\/worksheet$/.test(type)) return 'worksheet';
  if (/\/chartsheet$/.test(type)) return 'chartsheet';
  if (/\/dialogsheet$/.test(type)) return 'dialogsheet';
  if (/\/(macrosheet|xlMacrosheet|xlIntlMacrosheet)$/i.test(type)) return 'macrosheet';
  return 'other';
}

/** Reads the sheets declared in xl/workbook.xml through xl/_rels/workbook.xml.rels. */
export function readWorkbookStructure(workbookXml: string, relsXml: string): WorkbookStructure {
  const rels = withParser((parse) => {
    const out = new Map<string, { type: string; target: string }>();
    parse(relsXml, {
      open(name, a) {
        if (name === 'Relationship' && a.Id !== undefined) out.set(a.Id, { type: a.Type ?? '', target: a.Target ?? '' });
      },
    });
    return out;
  });
  return withParser((parse) => {
    let root = '';
    const sheets: SheetRef[] = [];
    parse(workbookXml, {
      open(name, a) {
        if (!root) root = name;
        if (name !== 'sheet') return;
        const rid = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
        const rel = rels.get(rid);
        const state = a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible';
        sheets.push({ name: a.name ?? '', state, kind: rel ? kindOf(rel.type) : 'other', part: rel ? resolveTarget('xl/', rel.target) : '' });
      },
    });
    return { root, sheets };
  });
}
