/** Catalogues and fake workbooks for the add-in tests. */
import { findPeriod, findUnit, type Catalog } from '../../shared/catalog.ts';
import { META_SHEET, SHEET_NAME, STYLES, templateModel, type SheetModel } from '../../shared/layout.ts';
import { loadCatalog } from './catalog.ts';
import { FakeExcel } from './addin-excel-mock.ts';
import { loadCatalogs, type LoadedCatalogs } from '../../addin/catalogs.ts';

export const GENERATED_AT = '2023-11-01T08:00:00.000Z';

/** The 2023 catalogue with every indicator moved to one unit and repeated up to `n` rows. */
export function syntheticCatalog(n: number, unit = 'TCKH'): Catalog {
  const base = loadCatalog(2023);
  const indicators = Array.from({ length: n }, (_, k) => ({
    ...base.indicators[k % base.indicators.length],
    code: `X${k + 1}`,
    stt: k + 1,
    owner: unit,
  }));
  return { ...base, indicators };
}

export function modelFor(
  catalog: Catalog,
  unitCode: string,
  periodId = `${catalog.year}-uoc`,
  values?: Parameters<typeof templateModel>[3]['values'],
  intakeUrl?: string,
): SheetModel {
  const unit = findUnit(catalog, unitCode);
  const period = findPeriod(catalog, periodId);
  if (!unit || !period) throw new Error(`no unit ${unitCode} or period ${periodId}`);
  return templateModel(catalog, period, unit, { generatedAt: GENERATED_AT, values, ...(intakeUrl ? { intakeUrl } : {}) });
}

/**
 * A workbook holding `model` as Excel would after opening the worker's template: cell values
 * (formulas as their cached results), the cells' number formats and the metadata sheet. `inputs`
 * overrides cells as they are held (E6: 'abc'; a percentage cell holds the fraction, 0,958).
 */
export function fakeTemplate(model: SheetModel, inputs: Record<string, string | number | boolean> = {}): FakeExcel {
  const cells: Record<string, string | number | boolean> = {};
  const numberFormats: Record<string, string> = {};
  for (const c of model.cells) {
    const v = c.formula !== undefined ? c.result : c.value;
    if (v !== null && v !== undefined && v !== '') cells[c.address] = v;
    const f = c.numFmt ?? STYLES[c.style].numFmt;
    if (f) numberFormats[c.address] = f;
  }
  Object.assign(cells, inputs);
  const meta: Record<string, string> = {};
  model.meta.entries.forEach(([k, v], i) => {
    meta[`A${i + 1}`] = k;
    meta[`B${i + 1}`] = v;
  });
  return new FakeExcel({
    sheets: {
      [SHEET_NAME]: { cells, numberFormats, protected: true },
      [META_SHEET]: { cells: meta, protected: true, visibility: 'VeryHidden' },
    },
    workbookProtected: true,
  });
}

/** The pane's catalogues as the build makes them (parseCatalog'd), for Node tests. */
export function paneCatalogs(): LoadedCatalogs {
  return loadCatalogs([loadCatalog(2023), loadCatalog(2024)]);
}
