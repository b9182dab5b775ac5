/**
 * The demo of levels, on the embedded defaults: wards → the town → a province of two towns.
 *   1. Hồng Lĩnh: its departments type the real 2023 figures, its six wards the rows the town
 *      rolls up from them (invented figures that add up to the report's); the town's appendix.
 *   2. Kỳ Anh, the second town, with invented figures; its appendix.
 *   3. Hà Tĩnh: both towns' appendices arrive in the province's inbox like any department's file,
 *      with its own department's template; the province's appendix, made from the towns' figures
 *      and its own, with each town's figure and status on its second sheet.
 * Each level is an ordinary worker (its own data folder, catalogue and SQLite ledger).
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { indicatorsOf, reportingUnits, type Catalog, type Indicator, type Unit } from '../shared/catalog.ts';
import { parseCatalog } from '../shared/catalog-schema.ts';
import type { RowInput } from '../shared/report.ts';
import { loadConfig, PROJECT_ROOT } from './config.ts';
import { demoFigures, typedValue } from './demo.ts';
import { createLogger } from './log.ts';
import { WorkerService, type RunSummary } from './service.ts';
import { buildTemplate, templateFileName } from './templates.ts';

const DEMO = path.join(PROJECT_ROOT, 'worker/demo/levels');

interface Figure {
  printed: string;
  note: string | null;
}
interface LevelFigures {
  period: string;
  wards: Record<string, Record<string, string>>;
  kyAnh: Record<string, Figure>;
  province: Record<string, Figure>;
}

export function levelFigures(): LevelFigures {
  return JSON.parse(readFileSync(path.join(DEMO, 'figures.json'), 'utf8')) as LevelFigures;
}

/** Kỳ Anh's catalogue: Hồng Lĩnh's, for another town, without wards (its departments report everything). */
export function kyAnhCatalog(): Catalog {
  const hl = JSON.parse(readFileSync(path.join(DEMO, 'hong-linh-2023.json'), 'utf8'));
  return parseCatalog(
    {
      ...hl,
      id: 'ky-anh-2023-demo',
      locality: { name: 'thị xã Kỳ Anh (dữ liệu chạy thử)', issuer: 'UBND THỊ XÃ KỲ ANH' },
      resolution: { number: '88/NQ-HĐND', date: '2022-12-20', body: 'HĐND thị xã' },
      appendix: { ...hl.appendix, footnoteStart: 1 },
      organisation: { unit: 'KY_ANH', name: 'UBND thị xã Kỳ Anh', parent: 'HA_TINH' },
      units: hl.units.filter((u: Unit) => u.parent === undefined),
      indicators: hl.indicators.map(({ rollup: _r, ...ind }: Indicator) => ind),
    },
    'danh mục Kỳ Anh (chạy thử)',
  );
}

export interface LevelResult {
  name: string;
  dir: string;
  catalog: Catalog;
  catalogFile: string;
  /** Files each unit typed (units that send their own appendix have none). */
  typed: number;
  summary: RunSummary;
}

type FigureOf = (unit: Unit, ind: Indicator) => Figure | undefined;

/** One level: templates filled by its units, the files of `extra` beside them, one run. */
async function runLevel(name: string, dir: string, catalogFile: string, figureOf: FigureOf, extra: string[], say: (l: string) => void): Promise<LevelResult> {
  const cfg = loadConfig(undefined, { dataDir: dir, catalog: catalogFile, inbox: { settleMs: 0 }, logLevel: 'warn' });
  const templates = path.join(cfg.paths.root, 'templates');
  mkdirSync(templates, { recursive: true });
  mkdirSync(cfg.paths.inbox, { recursive: true });
  let typed = 0;
  for (const unit of reportingUnits(cfg.catalog)) {
    const values: Record<string, RowInput> = {};
    for (const ind of indicatorsOf(cfg.catalog, unit.code)) {
      const f = figureOf(unit, ind);
      if (f) values[ind.code] = { value: typedValue(f.printed, false), note: f.note };
    }
    if (!Object.keys(values).length) continue; // a lower level: it sends its appendix instead
    const build = { password: cfg.protectionPassword, intakeUrl: cfg.intakeUrl };
    writeFileSync(path.join(templates, templateFileName(unit)), await buildTemplate(cfg.catalog, cfg.period, unit, build));
    writeFileSync(path.join(cfg.paths.inbox, `${unit.name}.xlsx`), await buildTemplate(cfg.catalog, cfg.period, unit, { ...build, values }));
    typed++;
  }
  for (const file of extra) copyFileSync(file, path.join(cfg.paths.inbox, path.basename(file)));
  say(`  ${name}: ${typed} đơn vị nhập biểu mẫu${extra.length ? `, ${extra.length} bản tổng hợp của cấp dưới` : ''}`);
  // Files arrive two days before the level's deadline.
  const arrival = new Date(Date.parse(cfg.period.deadline) - 2 * 86_400_000);
  const service = new WorkerService(cfg, createLogger(cfg.logLevel), () => arrival);
  try {
    return { name, dir: cfg.paths.root, catalog: cfg.catalog, catalogFile, typed, summary: await service.runOnce() };
  } finally {
    await service.stop();
  }
}

export async function runLevelsDemo(dir: string, opts: { log?: (line: string) => void } = {}): Promise<LevelResult[]> {
  const say = opts.log ?? (() => {});
  rmSync(dir, { recursive: true, force: true });
  const real = demoFigures().figures;
  const f = levelFigures();
  const town = await runLevel(
    'UBND thị xã Hồng Lĩnh',
    path.join(dir, 'hong-linh'),
    path.join(DEMO, 'hong-linh-2023.json'),
    (unit, ind) => {
      const ward = f.wards[unit.code];
      if (ward) return ward[ind.code] === undefined ? undefined : { printed: ward[ind.code], note: null };
      return real[ind.code];
    },
    [],
    say,
  );
  const kyAnhFile = path.join(dir, 'ky-anh', 'danh-muc-ky-anh-2023.json');
  mkdirSync(path.dirname(kyAnhFile), { recursive: true });
  writeFileSync(kyAnhFile, `${JSON.stringify(kyAnhCatalog(), null, 2)}\n`);
  const second = await runLevel('UBND thị xã Kỳ Anh', path.join(dir, 'ky-anh'), kyAnhFile, (_u, ind) => f.kyAnh[ind.code], [], say);
  // Each town sends its appendix to the province, named as its officer would.
  const sent = [
    [town, 'Phu luc 1 - TX Hong Linh.xlsx'],
    [second, 'Phu luc 1 - TX Ky Anh.xlsx'],
  ].map(([lvl, name]) => {
    const file = path.join(dir, 'gui-tinh', name as string);
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync((lvl as LevelResult).summary.appendix.file, file);
    return file;
  });
  const province = await runLevel(
    'UBND tỉnh Hà Tĩnh',
    path.join(dir, 'ha-tinh'),
    path.join(DEMO, 'ha-tinh-2023.json'),
    (_u, ind) => f.province[ind.code],
    sent,
    say,
  );
  return [town, second, province];
}
