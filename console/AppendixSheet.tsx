/** The appendix in its printed layout, as an HTML table drawn from the shared layout's model. */
import { mergeStyles } from '@fluentui/react';
import type { CSSProperties } from 'react';
import type { SheetModel } from '../shared/layout.ts';
import { sheetTable, styleCss } from './sheet-table.ts';
import { NARROW } from './ui.tsx';

/** On a phone the printed layout is wider than the screen and its box scrolls: say so, or it looks cut off. */
const hint = mergeStyles({
  display: 'none',
  margin: '0 0 6px',
  fontSize: 13,
  color: '#605E5C',
  selectors: { [NARROW]: { display: 'block' }, '@media print': { display: 'none' } },
});

/** Excel column widths are in characters; a character of the default font is about 7 px. */
const px = (chars: number) => Math.round(chars * 7 + 5);

export function AppendixSheet({ model, label }: { model: SheetModel; label: string }) {
  const t = sheetTable(model);
  const width = t.columns.reduce((n, c) => n + px(c.width), 0);
  return (
    <>
      <p className={hint} data-scroll-hint>
        Bảng rộng như trang in: kéo ngang trong khung để xem hết các cột.
      </p>
      <div style={{ overflowX: 'auto', background: '#ffffff', border: '1px solid #c8c6c4', padding: 16 }} tabIndex={0} role="region" aria-label={label}>
        <table style={{ borderCollapse: 'collapse', tableLayout: 'fixed', width, margin: '0 auto', color: '#000000' }} data-appendix-preview>
          <colgroup>
            {t.columns.map((c) => (
              <col key={c.letter} style={{ width: px(c.width) }} />
            ))}
          </colgroup>
          <tbody>
            {t.rows.map((r) => (
              <tr key={r.row} style={r.heightPt ? { height: `${r.heightPt}pt` } : undefined}>
                {r.cells.map((c) => {
                  const Cell = c.style === 'header' ? 'th' : 'td';
                  return (
                    <Cell
                      key={c.address}
                      data-cell={c.address}
                      scope={c.style === 'header' ? 'col' : undefined}
                      colSpan={c.colSpan > 1 ? c.colSpan : undefined}
                      rowSpan={c.rowSpan > 1 ? c.rowSpan : undefined}
                      style={styleCss(c) as CSSProperties}
                    >
                      {c.text}
                    </Cell>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
