/**
 * Consolidation: each unit's submission in force (the approved one while approved, else the latest
 * accepted) → the appendix workbook ("Phụ lục 1" in the exact layout, marked "BẢN DỰ THẢO" until
 * every expected unit is approved, and the working sheets of sheets.ts), written atomically, with a
 * new version only when the content changed (each version kept in out/history/).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Catalog, Period } from '../../shared/catalog.ts';
import type { CollectedPeriod } from '../../shared/collection.ts';
import { appendixModel, type AppendixContent } from '../../shared/layout.ts';
import type { RowInput } from '../../shared/report.ts';
import type { Config } from '../config.ts';
import type { Ledger } from '../ledger/contract.ts';
import { renderWorkbook } from '../render/exceljs.ts';
import { crashPoint } from '../faults.ts';
import { writeFileAtomic } from '../store.ts';
import { rollupLevel } from './rollup.ts';
import { workingSheets, type TableSheet } from './sheets.ts';
import { allApproved, unitStatuses, type UnitStatus } from './statuses.ts';
import { periodWarnings, type Warning } from './warnings.ts';

export interface AppendixBuild {
  contentHash: string;
  /** Every expected unit is approved. */
  final: boolean;
  content: AppendixContent;
  statuses: UnitStatus[];
  warnings: Warning[];
  sheets: TableSheet[];
}

export interface ConsolidateResult extends AppendixBuild {
  /** The period's id. */
  period: string;
  file: string;
  changed: boolean;
  contentHash: string;
}

export interface ConsolidateOptions {
  catalog: Catalog;
  period: Period;
  ledger: Ledger;
  outDir: string;
  historyDir: string;
  protectionPassword: string;
  now: Date;
  /** The appendix's optional derived columns (“% so với KH”, “% so với cùng kỳ”), off by default. */
  derived?: { plan?: boolean; lastYear?: boolean };
}

/** What building a period's appendix takes (the service, the console and the CLI use it). */
export function appendixInput(
  entry: CollectedPeriod,
  cfg: Pick<Config, 'protectionPassword' | 'appendix'>,
  ledger: Ledger,
  now: Date,
): Omit<ConsolidateOptions, 'outDir' | 'historyDir'> {
  return { catalog: entry.catalog, period: entry.period, ledger, protectionPassword: cfg.protectionPassword, now, derived: cfg.appendix.derived };
}

export function appendixFileName(period: Period): string {
  return `phu-luc-1-${period.id}.xlsx`;
}

/** The appendix's figures: each unit's rows in force, by indicator code. */
export function appendixValues(statuses: UnitStatus[]): Record<string, RowInput> {
  const values: Record<string, RowInput> = {};
  for (const s of statuses) {
    if (s.state !== 'accepted' || !s.record?.rows) continue;
    for (const [code, row] of Object.entries(s.record.rows)) values[code] = row;
  }
  return values;
}

/** Builds the appendix from the ledger, writing nothing (the console's preview, and consolidate()). */
export async function buildAppendix(
  o: Omit<ConsolidateOptions, 'outDir' | 'historyDir' | 'protectionPassword'> & { protectionPassword?: string },
): Promise<AppendixBuild> {
  const statuses = await unitStatuses(o.catalog, o.period, o.ledger, o.now);
  const final = allApproved(statuses);
  // An upper level: the rows made from the level below, and their second sheet (rollup.ts).
  const level = await rollupLevel(o.catalog, o.period, statuses);
  const values = { ...appendixValues(statuses), ...level?.values };
  const content = appendixModel(o.catalog, o.period, {
    generatedAt: o.now.toISOString(),
    values,
    protectionPassword: o.protectionPassword,
    draft: !final,
    derived: o.derived,
  });
  const warnings = await periodWarnings(o.catalog, o.period, o.ledger, statuses, content);
  const people = new Map((await o.ledger.users()).map((u) => [u.name, u.fullName || u.name]));
  const sheets = [
    ...(level ? [level.sheet] : []),
    ...workingSheets(o.catalog, o.period, content, statuses, warnings, await o.ledger.rejected(o.period.id), people),
  ];
  // Content identity: everything shown except the generation time.
  const identity = JSON.stringify({ cells: content.model.cells.map((c) => [c.address, c.value ?? null, c.result ?? null]), sheets });
  const contentHash = createHash('sha256').update(identity).digest('hex');
  return { contentHash, final, content, statuses, warnings, sheets };
}

/** The file of an appendix version in out/history/. */
export function versionFileName(period: Period, generatedAt: string, contentHash: string): string {
  return `phu-luc-1-${period.id}_${generatedAt.replace(/[:.]/g, '-')}_${contentHash.slice(0, 8)}.xlsx`;
}

/**
 * Where an appendix version's file is now: in the history folder under its own name (the ledger
 * records the path it was written to, which names the old folder once the data folder was moved or
 * restored elsewhere, a PostgreSQL ledger's included), else where it was written.
 */
export function versionFile(v: { path: string }, historyDir: string): string | undefined {
  const here = path.join(historyDir, path.basename(v.path));
  if (existsSync(here)) return here;
  return existsSync(v.path) ? v.path : undefined;
}

/** Builds and (when its content changed) writes the appendix. */
export async function consolidate(o: ConsolidateOptions): Promise<ConsolidateResult> {
  const built = await buildAppendix(o);
  const { contentHash, content, sheets } = built;
  const generatedAt = o.now.toISOString();
  const file = path.join(o.outDir, appendixFileName(o.period));
  const last = await o.ledger.lastAppendix(o.period.id);
  const result = { ...built, period: o.period.id, file };
  if (last && last.contentHash === contentHash && existsSync(file)) return { ...result, changed: false };

  const bytes = await renderWorkbook(content.model, { tables: sheets });
  const versioned = path.join(o.historyDir, versionFileName(o.period, generatedAt, contentHash));
  writeFileAtomic(versioned, bytes);
  crashPoint('appendix:history');
  // The current appendix is replaced by a rename: a crash leaves either the old file or the new one.
  writeFileAtomic(file, bytes, undefined, () => crashPoint('appendix:temp'));
  crashPoint('appendix:renamed');
  await o.ledger.addAppendix(o.period.id, { contentHash, path: versioned, createdAt: generatedAt, final: built.final });
  return { ...result, changed: true };
}
