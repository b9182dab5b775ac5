/**
 * A department's workbook with a large block pasted far below its rows: `extraCells` numeric cells
 * appended to the "Phụ lục 1" sheet's XML (10 per row, from row 60, columns K–T), the way a pasted
 * table looks in the file. Written straight into the sheet part (fast, unlike exceljs for 100 000+
 * cells). Used by the tests and the benchmark.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

export function withExtraCells(xlsx: Uint8Array, extraCells: number): Uint8Array {
  const files = unzipSync(xlsx, { filter: (f) => !f.name.endsWith('/') });
  const part = 'xl/worksheets/sheet1.xml';
  const xml = strFromU8(files[part]);
  const cols = 'KLMNOPQRST';
  const rows: string[] = [];
  for (let k = 0, r = 60; k < extraCells; r++) {
    const cells: string[] = [];
    for (let c = 0; c < 10 && k < extraCells; c++, k++) cells.push(`<c r="${cols[c]}${r}"><v>${k}</v></c>`);
    rows.push(`<row r="${r}">${cells.join('')}</row>`);
  }
  const at = xml.indexOf('</sheetData>');
  files[part] = strToU8(xml.slice(0, at) + rows.join('') + xml.slice(at));
  return zipSync(files, { level: 6 });
}
