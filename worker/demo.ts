/**
 * The demo: 2023 templates for every reporting unit, filled by each owning unit with the real
 * figures of the 2023 report, dropped in the inbox and consolidated into the appendix.
 */
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { indicatorsOf, reportingUnits } from '../shared/catalog.ts';
import { readActual } from '../shared/target.ts';
import type { RowInput } from '../shared/report.ts';
import { loadConfig, PROJECT_ROOT } from './config.ts';
import { createLogger } from './log.ts';
import { WorkerService, type RunSummary } from './service.ts';
import { buildTemplate, templateFileName } from './templates.ts';

export interface DemoFigures { catalogId: string; period: string; figures: Record<string, { printed: string; note: string | null }> }

export function demoFigures(): DemoFigures {
  return JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'worker/demo/2023-uoc.json'), 'utf8')) as DemoFigures;
}

/** The figure a department types: the plain number where the printed text holds one, else the text. */
export function typedValue(printed: string, asPrinted: boolean): number | string {
  if (asPrinted) return printed;
  const a = readActual(printed);
  return a.kind === 'number' && !/dưới|trên/i.test(printed) ? a.value : printed;
}

export interface DemoResult { dir: string; templates: string; summary: RunSummary }

export async function runDemo(dir: string, opts: { asPrinted?: boolean; log?: (line: string) => void } = {}): Promise<DemoResult> {
  const say = opts.log ?? (() => {});
  rmSync(dir, { recursive: true, force: true });
  const cfg = loadConfig(undefined, { dataDir: dir, inbox: { settleMs: 0 }, logLevel: 'warn' });
  const figures = demoFigures();
  if (figures.catalogId !== cfg.catalog.id) throw new Error(`Số liệu mẫu thuộc danh mục ${figures.catalogId}, cấu hình dùng ${cfg.catalog.id}.`);
  const templates = path.join(cfg.paths.root, 'templates');
  mkdirSync(templates, { recursive: true });
  mkdirSync(cfg.paths.inbox, { recursive: true });
  const units = reportingUnits(cfg.catalog);
  for (const [i, unit] of units.entries()) {
    const build = { password: cfg.protectionPassword, intakeUrl: cfg.intakeUrl };
    writeFileSync(path.join(templates, templateFileName(unit)), await buildTemplate(cfg.catalog, cfg.period, unit, build));
    // Each department types its figures into its template (the template drawn with them filled in).
    const values: Record<string, RowInput> = {};
    for (const ind of indicatorsOf(cfg.catalog, unit.code)) {
      const f = figures.figures[ind.code];
      if (f) values[ind.code] = { value: typedValue(f.printed, opts.asPrinted ?? false), note: f.note };
    }
    writeFileSync(path.join(cfg.paths.inbox, `${unit.name}.xlsx`), await buildTemplate(cfg.catalog, cfg.period, unit, { ...build, values }));
    say(`  [${i + 1}/${units.length}] ${unit.name}: đã điền ${Object.keys(values).length} chỉ tiêu`);
  }
  // The demo replays November 2023: files arrive two days before the deadline.
  const arrival = new Date(Date.parse(cfg.period.deadline) - 2 * 86_400_000);
  const service = new WorkerService(cfg, createLogger(cfg.logLevel), () => arrival);
  try {
    const summary = await service.runOnce();
    return { dir: cfg.paths.root, templates, summary };
  } finally {
    await service.stop();
  }
}
