/**
 * A download keeps its Vietnamese name (issue 21): Content-Disposition's filename* (RFC 5987/6266)
 * carries the name with its marks, which browsers use, beside a name without them; a unit's
 * template has one name, alone or inside the .zip. (Chromium saving under these names:
 * tests/worker/office.browser.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { findPeriod, findUnit } from '../../shared/catalog.ts';
import { attachment } from '../../worker/http/console-kit.ts';
import { templateDownloadName, templatesZipName } from '../../worker/templates.ts';
import { loadCatalog } from '../helpers/catalog.ts';

const C24 = loadCatalog(2024);
const H1 = findPeriod(C24, '2024-6t')!;
const KT = findUnit(C24, 'KT')!;

describe('a download keeps its Vietnamese name', () => {
  it('filename* carries the name with its marks (RFC 5987), filename the same without them', () => {
    expect(attachment('Nhật ký thao tác.xlsx')).toBe(
      `attachment; filename="Nhat ky thao tac.xlsx"; filename*=UTF-8''${encodeURIComponent('Nhật ký thao tác.xlsx')}`,
    );
    // ' ( ) * are not attr-chars: percent-encoded, or a browser reads the name short.
    expect(attachment("Biểu mẫu (bản 2) l'x*.zip")).toMatch(/filename\*=UTF-8''Bi%E1%BB%83u%20m%E1%BA%ABu%20%28b%E1%BA%A3n%202%29%20l%27x%2A\.zip$/);
    // A name in decomposed form goes out composed.
    expect(attachment('Nhật ký.xlsx'.normalize('NFD'))).toBe(attachment('Nhật ký.xlsx'));
  });

  it('a unit’s template has one name, alone or inside the .zip; the .zip names the period', () => {
    expect(templateDownloadName(H1, KT)).toBe('Biểu mẫu Phụ lục 1 - Thực hiện 6 tháng đầu năm 2024 - Phòng Kinh tế.xlsx');
    expect(templatesZipName(H1)).toBe('Biểu mẫu Phụ lục 1 - Thực hiện 6 tháng đầu năm 2024.zip');
    expect(templateDownloadName({ ...H1, header: 'Quý 1/2024' }, { ...KT, name: 'Phòng "A": B?' })).toBe(
      'Biểu mẫu Phụ lục 1 - Quý 1_2024 - Phòng _A__ B_.xlsx',
    );
  });
});
