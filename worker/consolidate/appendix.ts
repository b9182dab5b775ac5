/**
 * Consolidation: each unit's latest accepted submission → the appendix workbook ("Phụ lục 1" in the
 * exact layout, and the working sheets of sheets.ts), written atomically, with a new version only
 * when the content changed (each version kept in out/history/).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Catalog, Period } from '../../shared/catalog.ts';
import { appendixModel, type AppendixContent } from '../../shared/layout.ts';
import type { RowInput } from '../../shared/report.ts';
import type { Ledger } from '../ledger/contract.ts';
import { renderWorkbook } from '../render/exceljs.ts';
import { writeFileAtomic } from '../store.ts';
import { rollupLevel } from './rollup.ts';
import { workingSheets, type TableSheet } from './sheets.ts';
import { unitStatuses, type UnitStatus } from './statuses.ts';
import { periodWarnings, type Warning } from './warnings.ts';

export interface ConsolidateResult {
  file: string;
  changed: boolean;
  contentHash: string;
  content: AppendixContent;
  statuses: UnitStatus[];
  warnings: Warning[];
  sheets: TableSheet[];
}

export interface ConsolidateOptions {
  catalog: Catalog;
  period: Period;
  ledger: Ledger;
  outDir: string;
  historyDir: string;
  protectionPassword: string;
  now: Date;
}

export function appendixFileName(period: Period): string {
  return `phu-luc-1-${period.id}.xlsx`;
}

/** The appendix's figures from the ledger: each unit's latest accepted rows, by indicator code. */
export function appendixValues(statuses: UnitStatus[]): Record<string, RowInput> {
  const values: Record<string, RowInput> = {};
  for (const s of statuses) {
    if (s.state !== 'accepted' || !s.record?.rows) continue;
    for (const [code, row] of Object.entries(s.record.rows)) values[code] = row;
  }
  return values;
}

/** Builds and (when its content changed) writes the appendix. */
export async function consolidate(o: ConsolidateOptions): Promise<ConsolidateResult> {
  const statuses = await unitStatuses(o.catalog, o.period, o.ledger, o.now);
  const generatedAt = o.now.toISOString();
  // An upper level: the rows made from the level below, and their second sheet (rollup.ts).
  const level = await rollupLevel(o.catalog, o.period, o.ledger, statuses);
  const values = { ...appendixValues(statuses), ...level?.values };
  const content = appendixModel(o.catalog, o.period, { generatedAt, values, protectionPassword: o.protectionPassword });
  const warnings = await periodWarnings(o.catalog, o.period, o.ledger, statuses, content);
  const sheets = [...(level ? [level.sheet] : []), ...workingSheets(o.catalog, o.period, content, statuses, warnings, await o.ledger.rejected(o.period.id))];

  // Content identity: everything shown except the generation time.
  const identity = JSON.stringify({ cells: content.model.cells.map((c) => [c.address, c.value ?? null, c.result ?? null]), sheets });
  const contentHash = createHash('sha256').update(identity).digest('hex');
  const file = path.join(o.outDir, appendixFileName(o.period));
  const last = await o.ledger.lastAppendix(o.period.id);
  const result = { file, contentHash, content, statuses, warnings, sheets };
  if (last && last.contentHash === contentHash && existsSync(file)) return { ...result, changed: false };

  const bytes = await renderWorkbook(content.model, { tables: sheets });
  const versioned = path.join(o.historyDir, `phu-luc-1-${o.period.id}_${generatedAt.replace(/[:.]/g, '-')}_${contentHash.slice(0, 8)}.xlsx`);
  writeFileAtomic(versioned, bytes);
  // The current appendix is replaced by a rename: a crash leaves either the old file or the new one.
  writeFileAtomic(file, bytes);
  await o.ledger.addAppendix(o.period.id, { contentHash, path: versioned, createdAt: generatedAt });
  return { ...result, changed: true };
}
