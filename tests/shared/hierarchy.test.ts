/**
 * Levels of government (shared/catalog.ts, shared/rollup.ts): the roll-up rules turn the lower units' figures into
 * the printed figure of the level above (property tests), the catalogue checks of the hierarchy
 * fields, what a lower unit reports, and the hierarchy at any depth from the levels' catalogues.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess, isMet } from '../../shared/assess.ts';
import { indicatorsOf, reportingUnits, type Catalog, type Indicator, type Unit } from '../../shared/catalog.ts';
import { CatalogError, parseCatalog, parseCatalogText } from '../../shared/catalog-schema.ts';
import { childIndicator, type Rollup } from '../../shared/catalog.ts';
import { LIST_ROW_TEXT, rollupIndicator, type ChildFigures } from '../../shared/rollup.ts';
import { hierarchyOf } from '../helpers/hierarchy.ts';
import { formatVnNumber, roundTo } from '../../shared/numbers.ts';
import { evaluateRow, formatFigure } from '../../shared/report.ts';
import { readActual } from '../../shared/target.ts';
import { kyAnhCatalog } from '../../worker/demo-levels.ts';

const root = new URL('../../', import.meta.url);
const demoCatalog = (name: string): Catalog => parseCatalogText(readFileSync(new URL(`worker/demo/levels/${name}`, root), 'utf8'), name);
const province = demoCatalog('ha-tinh-2023.json');
const town = demoCatalog('hong-linh-2023.json');

/** The province's catalogue with one indicator's rule (and precision) replaced. */
function withRule(code: string, rollup: Rollup, over: Partial<Indicator> = {}): { c: Catalog; ind: Indicator } {
  const c = { ...province, indicators: province.indicators.map((i) => (i.code === code ? { ...i, ...over, rollup } : i)) } as Catalog;
  return { c, ind: c.indicators.find((i) => i.code === code)! };
}

const units = (n: number): Unit[] => Array.from({ length: n }, (_, i) => ({ code: `U${i}`, name: `UBND phường ${i + 1}`, kind: 'phuong', parent: 'HA_TINH' }));

/** Figures as lower units type them: whole numbers of hundredths (so the exact total is known), some missing. */
const figures = fc.array(fc.record({ cents: fc.integer({ min: 0, max: 10_000_000 }), weight: fc.integer({ min: 1, max: 200_000 }), present: fc.boolean() }), {
  minLength: 1,
  maxLength: 40,
});

function children(code: string, fs: { cents: number; weight: number; present: boolean }[], typed = true): ChildFigures[] {
  return units(fs.length).map((unit, i) => ({
    unit,
    state: fs[i].present ? 'Đã nộp, hợp lệ' : 'Chưa nộp',
    rows: fs[i].present ? { [code]: { value: typed ? fs[i].cents / 100 : formatVnNumber(fs[i].cents / 100) }, DAN_SO_TB: { value: fs[i].weight } } : undefined,
  }));
}

describe('roll-up rules', () => {
  it('sum: the printed total is the exact sum of the figures that came in, at the indicator’s precision; missing units are named', () => {
    const { c, ind } = withRule('DT_GIEO_TRONG', { rule: 'sum' }, { decimals: 2 });
    fc.assert(
      fc.property(figures, fc.boolean(), (fs, typed) => {
        const r = rollupIndicator(c, ind, children(ind.code, fs, typed));
        const present = fs.filter((f) => f.present);
        const cents = present.reduce((a, f) => a + f.cents, 0);
        const printed = evaluateRow(ind, r.row).printed;
        expect(printed).toBe(
          present.length
            ? formatVnNumber(cents / 100, 2)
                .replace(/,00$/, '')
                .replace(/(,\d)0$/, '$1')
            : '',
        );
        expect(r.counted).toBe(present.length);
        if (present.length < fs.length) {
          expect(r.row.note).toContain(`Tổng hợp từ ${present.length}/${fs.length} đơn vị cấp dưới`);
          expect(r.row.note).toContain(units(fs.length)[fs.findIndex((f) => !f.present)].name);
        } else {
          expect(r.row.note).toBeNull();
        }
      }),
    );
  });

  it('every rule gives the same row whatever the order of the lower units', () => {
    const rules: Rollup[] = [{ rule: 'sum' }, { rule: 'min' }, { rule: 'max' }, { rule: 'weighted_average', weight: 'DAN_SO_TB' }];
    // The lower units in any order: a permutation of all of them.
    const orders = figures.chain((fs) =>
      fc.tuple(
        fc.constant(fs),
        fc.shuffledSubarray(
          units(fs.length).map((u) => u.code),
          { minLength: fs.length },
        ),
      ),
    );
    const byUnit = (lines: { unit: Unit }[]) => [...lines].sort((a, b) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0));
    fc.assert(
      fc.property(orders, fc.constantFrom(...rules), ([fs, order], rule) => {
        const { c, ind } = withRule('DT_GIEO_TRONG', rule);
        const kids = children(ind.code, fs);
        const shuffled = order.map((code) => kids.find((k) => k.unit.code === code)!);
        const a = rollupIndicator(c, ind, shuffled);
        const b = rollupIndicator(c, ind, kids);
        // The whole row: the figure and the note (which names missing units in the catalogue's order).
        expect(a.row).toEqual(b.row);
        expect(a.counted).toBe(b.counted);
        expect(byUnit(a.lines)).toEqual(byUnit(b.lines));
      }),
    );
  });

  it('min and max are figures of the units that came in, bounding every other', () => {
    fc.assert(
      fc.property(figures, (fs) => {
        const lo = withRule('DT_GIEO_TRONG', { rule: 'min' });
        const hi = withRule('DT_GIEO_TRONG', { rule: 'max' });
        const min = rollupIndicator(lo.c, lo.ind, children(lo.ind.code, fs)).row.value;
        const max = rollupIndicator(hi.c, hi.ind, children(hi.ind.code, fs)).row.value;
        const present = fs.filter((f) => f.present).map((f) => f.cents / 100);
        if (!present.length) {
          expect([min, max]).toEqual([null, null]);
          return;
        }
        expect(present).toContain(min);
        expect(present).toContain(max);
        for (const v of present) expect((min as number) <= v && v <= (max as number)).toBe(true);
      }),
    );
  });

  it('weighted average: between the smallest and largest figure, the plain mean for equal weights, unchanged by scaling the weights', () => {
    const { c, ind } = withRule('THU_NHAP', { rule: 'weighted_average', weight: 'DAN_SO_TB' });
    fc.assert(
      fc.property(figures, fc.integer({ min: 2, max: 50 }), (fs, k) => {
        const avg = rollupIndicator(c, ind, children(ind.code, fs)).row.value;
        const present = fs.filter((f) => f.present);
        if (!present.length) {
          expect(avg).toBeNull();
          return;
        }
        const vals = present.map((f) => f.cents / 100);
        expect(avg as number).toBeGreaterThanOrEqual(Math.min(...vals) - 1e-9);
        expect(avg as number).toBeLessThanOrEqual(Math.max(...vals) + 1e-9);
        const scaled = rollupIndicator(
          c,
          ind,
          children(
            ind.code,
            fs.map((f) => ({ ...f, weight: f.weight * k })),
          ),
        ).row.value as number;
        expect(formatFigure(ind, scaled)).toBe(formatFigure(ind, avg as number));
        const equal = rollupIndicator(
          c,
          ind,
          children(
            ind.code,
            fs.map((f) => ({ ...f, weight: 7 })),
          ),
        ).row.value as number;
        // The plain mean, computed exactly in hundredths.
        const meanCents = present.reduce((a, f) => a + f.cents, 0) / present.length;
        expect(formatFigure(ind, equal)).toBe(formatFigure(ind, roundTo(meanCents / 100, 9)));
      }),
    );
  });

  it('weighted average: a unit without its weight is left out and named', () => {
    const { c, ind } = withRule('THU_NHAP', { rule: 'weighted_average', weight: 'DAN_SO_TB' });
    const kids = children(ind.code, [
      { cents: 6000, weight: 100, present: true },
      { cents: 9000, weight: 300, present: true },
      { cents: 1, weight: 1, present: true },
    ]);
    delete kids[2].rows!.DAN_SO_TB;
    const r = rollupIndicator(c, ind, kids);
    expect(r.row.value).toBe(82.5);
    expect(r.row.note).toMatch(/^Tổng hợp từ 2\/3 đơn vị cấp dưới; chưa có số liệu hoặc quyền số \(Dân số trung bình\) của UBND phường 3\.$/);
  });

  it('count of units that met their own plan agrees with the shared assessment rule', () => {
    const { c, ind } = withRule('RAC_THAI', province.indicators.find((i) => i.code === 'RAC_THAI')!.rollup!);
    const view = childIndicator(ind);
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 9500, max: 10_000 }), { nil: undefined }), { minLength: 1, maxLength: 30 }), (xs) => {
        const kids: ChildFigures[] = units(xs.length).map((unit, i) => ({
          unit,
          state: '',
          rows: xs[i] === undefined ? undefined : { RAC_THAI: { value: xs[i]! / 100 } },
        }));
        const r = rollupIndicator(c, ind, kids);
        const met = xs.filter((x) => x !== undefined && isMet(assess(view.target, readActual(x / 100), view.decimals).status)).length;
        expect(r.row.value).toBe(xs.some((x) => x !== undefined) ? met : null);
        expect(r.lines.filter((l) => l.status && isMet(l.status))).toHaveLength(met);
      }),
    );
  });

  it('a lower level’s own assessment (from its appendix) is what is counted, and its figure is shown as it printed it', () => {
    const { c, ind } = withRule('RAC_THAI', province.indicators.find((i) => i.code === 'RAC_THAI')!.rollup!);
    const r = rollupIndicator(
      c,
      ind,
      units(2).map((unit, i) => ({
        unit,
        state: '',
        rows: { RAC_THAI: { value: i ? '98,5' : '99,50', plan: '> 98', status: i ? 'vuot' : 'khong_dat' } },
      })),
    );
    expect(r.row.value).toBe(1);
    expect(r.lines.map((l) => [l.printed, l.plan])).toEqual([
      ['99,50', '> 98'],
      ['98,5', '> 98'],
    ]);
  });

  it('not aggregated: the row points to the second sheet, each unit listed there', () => {
    const { c, ind } = withRule('GTSX', { rule: 'list' });
    const r = rollupIndicator(
      c,
      ind,
      units(3).map((unit, i) => ({ unit, state: '', rows: i === 1 ? undefined : { GTSX: { value: `Tăng ${i + 5},5 %` } } })),
    );
    expect(r.row.value).toBe(LIST_ROW_TEXT);
    expect(r.lines.map((l) => l.printed)).toEqual(['Tăng 5,5 %', '', 'Tăng 7,5 %']);
    expect(evaluateRow(ind, r.row).assessment.status).toBe('chua_danh_gia');
  });
});

describe('the catalogue’s hierarchy fields', () => {
  const problems = (mutate: (c: Record<string, unknown> & { indicators: Record<string, unknown>[]; units: Record<string, unknown>[] }) => void): string[] => {
    const raw = JSON.parse(readFileSync(new URL('worker/demo/levels/ha-tinh-2023.json', root), 'utf8'));
    mutate(raw);
    try {
      parseCatalog(raw, 'thử');
      return [];
    } catch (e) {
      return (e as CatalogError).problems;
    }
  };
  const ind = (c: { indicators: Record<string, unknown>[] }, code: string) => c.indicators.find((i) => i.code === code)!;

  it('the demo catalogues are valid', () => {
    expect(problems(() => {})).toEqual([]);
    expect(() => kyAnhCatalog()).not.toThrow();
  });

  it('say in Vietnamese what is wrong, naming the field', () => {
    expect(problems((c) => delete (ind(c, 'THU_NHAP').rollup as Record<string, unknown>).weight)[0]).toMatch(/mã THU_NHAP.*bình quân gia quyền cần “weight”/);
    expect(problems((c) => ((ind(c, 'THU_NHAP').rollup as Record<string, unknown>).weight = 'DN_MOI'))[0]).toMatch(
      /quyền số “DN_MOI” phải là chỉ tiêu các đơn vị cấp dưới báo cáo/,
    );
    expect(problems((c) => ((ind(c, 'VON_DAU_TU').rollup as Record<string, unknown>).weight = 'DAN_SO_TB'))[0]).toMatch(
      /“weight” chỉ dùng cho quy tắc “weighted_average”/,
    );
    expect(problems((c) => (ind(c, 'GTSX').target = { kind: 'threshold', direction: 'higher', value: 13 }))).toContainEqual(
      expect.stringMatching(/không cộng dồn \(“list”\).*“none”/),
    );
    expect(problems((c) => delete (ind(c, 'RAC_THAI').rollup as Record<string, unknown>).child)[0]).toMatch(/“count_met” cần “child”/);
    expect(problems((c) => ((ind(c, 'RAC_THAI').rollup as Record<string, Record<string, unknown>>).child.plan = '> 98'))[0]).toMatch(
      /kế hoạch “> 98” được đọc là/,
    );
    expect(problems((c) => (c.units[1].parent = 'NGHE_AN'))[0]).toMatch(/“parent” phải là đơn vị lập phụ lục này \(“HA_TINH”\)/);
    expect(problems((c) => delete c.organisation)).toContainEqual(expect.stringMatching(/chưa khai báo cấp hành chính của mình \(“organisation”\)/));
    expect(problems((c) => c.units.splice(1, 2))).toContainEqual(expect.stringMatching(/không có đơn vị cấp dưới nào/));
    expect(problems((c) => (ind(c, 'VON_DAU_TU').owner = 'HONG_LINH'))[0]).toMatch(/phải là một đơn vị của cấp này/);
    expect(problems((c) => ((ind(c, 'VON_DAU_TU').rollup as Record<string, unknown>).rule = 'average'))[0]).toMatch(
      /“rollup” \(cách tổng hợp từ cấp dưới\) › “rule” \(quy tắc\): phải là một trong/,
    );
  });
});

describe('who reports what', () => {
  it('a lower unit reports every rolled-up row against its own plan; the department owning such a row does not fill it', () => {
    const ward = indicatorsOf(town, 'BAC_HONG');
    expect(ward.map((i) => i.code)).toEqual(town.indicators.filter((i) => i.rollup).map((i) => i.code));
    expect(ward.find((i) => i.code === 'AN_NINH')).toMatchObject({ plan: '1', unit: 'Đạt (1) / chưa đạt (0)', bounds: { min: 0, max: 1 } });
    expect(ward.find((i) => i.code === 'DT_GIEO_TRONG')).toMatchObject({ plan: '—', target: { kind: 'none' } });
    expect(indicatorsOf(town, 'KT')).toEqual([]); // its two rows come from the wards now
    expect(reportingUnits(town).map((u) => u.code)).toEqual(expect.arrayContaining(['BAC_HONG', 'THUAN_LOC', 'TCKH']));
    expect(reportingUnits(town).map((u) => u.code)).not.toContain('KT');
    // Without levels, nothing changes.
    const plain = parseCatalogText(readFileSync(new URL('shared/catalog/2023.json', root), 'utf8'));
    expect(indicatorsOf(plain, 'KT').map((i) => i.code)).toEqual(['DT_GIEO_TRONG', 'SL_LUONG_THUC']);
    expect(indicatorsOf(plain, 'BAC_HONG')).toEqual([]);
  });

  it('the hierarchy at any depth, from the levels’ catalogues', () => {
    const { units: all, problems } = hierarchyOf([province, town, kyAnhCatalog()]);
    expect(problems).toEqual([]);
    const at = (code: string) => all.find((u) => u.code === code)!;
    expect(at('HA_TINH')).toMatchObject({ depth: 0, catalogId: 'ha-tinh-2023-demo' });
    expect(at('HONG_LINH')).toMatchObject({ depth: 1, parent: 'HA_TINH', catalogId: 'hong-linh-2023-cap' });
    expect(at('KY_ANH')).toMatchObject({ depth: 1, parent: 'HA_TINH', catalogId: 'ky-anh-2023-demo' });
    expect(at('BAC_HONG')).toMatchObject({ depth: 2, parent: 'HONG_LINH' });
    expect(all.filter((u) => u.depth === 2)).toHaveLength(6);
    const wrong = { ...town, organisation: { ...town.organisation!, parent: 'NGHE_AN' } };
    expect(hierarchyOf([province, wrong]).problems[0]).toMatch(/“HONG_LINH” có hai đơn vị cấp trên/);
  });
});
