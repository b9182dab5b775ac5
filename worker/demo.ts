/**
 * The demo: 2023 templates for every reporting unit, filled by each owning unit with the real
 * figures of the 2023 report, dropped in the inbox and consolidated into the appendix. The units
 * explain what the report explained (its footnotes 74, 75 and 76), no more: the two unmet rows the
 * report left without an explanation (2 and 14) show as the appendix's two warnings, and the
 * planning office returns those two units' files asking for one (a comment on the row, the reply
 * beside their file), as it would from the console; the appendix is then consolidated again.
 */
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { findUnit, indicatorLabel, indicatorsOf, reportingUnits, type Indicator } from '../shared/catalog.ts';
import { padCount } from '../shared/numbers.ts';
import { readActual } from '../shared/target.ts';
import { checkRow, footnotes, type Footnote, type RowInput } from '../shared/report.ts';
import { loadConfig, PROJECT_ROOT } from './config.ts';
import { createLogger } from './log.ts';
import { WorkerService, type RunSummary } from './service.ts';
import { buildTemplate, templateFileName } from './templates.ts';

export interface DemoFigures {
  catalogId: string;
  period: string;
  figures: Record<string, { printed: string; note: string | null }>;
}

export function demoFigures(): DemoFigures {
  return JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'worker/demo/2023-uoc.json'), 'utf8')) as DemoFigures;
}

/** The figure a department types: the plain number where the printed text holds one, else the text. */
export function typedValue(printed: string, asPrinted: boolean): number | string {
  if (asPrinted) return printed;
  const a = readActual(printed);
  return a.kind === 'number' && !/dưới|trên/i.test(printed) ? a.value : printed;
}

/** A unit asked for the explanation of its unmet rows: its file returned with a comment on each. */
export interface ExplanationAsked {
  unit: string;
  /** The unit's name. */
  name: string;
  indicators: Indicator[];
  /** The reply written beside the unit's file (folder route), when there is one. */
  reply?: string;
}

export interface DemoResult {
  dir: string;
  templates: string;
  /** The run that took the files. */
  summary: RunSummary;
  /** The units asked for an explanation. */
  asked: ExplanationAsked[];
  /** The appendix consolidated again after the planning office's returns (the same figures, the review states). */
  after: RunSummary;
  /** The appendix's footnotes: the units' explanations, numbered from the catalogue's start. */
  footnotes: Footnote[];
}

/** What the planning office writes on a row that is not met and has no explanation. */
export const ASK_EXPLANATION = 'Chỉ tiêu không đạt kế hoạch nhưng chưa có giải trình. Đề nghị ghi lý do vào cột “Giải trình, ghi chú” rồi nộp lại.';

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
    // The rows the rule wants explained and the departments left without one: the planning office
    // returns the unit's file with a comment on each (as the console's “Trả lại” does).
    const missing = summary.appendix.content.results.filter((r) => checkRow(r).some((p) => p.code === 'explanation_missing'));
    const asked: ExplanationAsked[] = [];
    for (const status of summary.appendix.statuses) {
      const rows = missing.filter((r) => r.indicator.owner === status.code);
      if (rows.length === 0 || !status.record) continue;
      const outcome = await service.review({
        submissionId: status.record.id,
        action: 'return',
        actor: 'chay-thu',
        comments: rows.map((r) => ({ indicator: r.indicator.code, text: ASK_EXPLANATION })),
      });
      asked.push({
        unit: status.code,
        name: findUnit(cfg.catalog, status.code)?.name ?? status.name,
        indicators: rows.map((r) => r.indicator),
        ...(outcome.reply ? { reply: outcome.reply } : {}),
      });
    }
    asked.sort((a, b) => a.indicators[0].stt - b.indicators[0].stt);
    const after = await service.runOnce();
    return { dir: cfg.paths.root, templates, summary, asked, after, footnotes: footnotes(cfg.catalog, after.appendix.content.results) };
  } finally {
    await service.stop();
  }
}

/** “02 đơn vị được đề nghị giải trình …: Chi cục Thống kê (chỉ tiêu 2. …), …”, or that none was. */
export function askedSentence(asked: ExplanationAsked[]): string {
  if (asked.length === 0) return 'Mọi chỉ tiêu không đạt đều đã có giải trình: không phải đề nghị đơn vị nào giải trình.';
  const list = asked.map((a) => `${a.name} (${a.indicators.map((i) => indicatorLabel(i).replace(/^Chỉ tiêu/, 'chỉ tiêu')).join('; ')})`).join(', ');
  return `Đã trả lại ${padCount(asked.length)} đơn vị để đề nghị giải trình chỉ tiêu không đạt kế hoạch: ${list}.`;
}
