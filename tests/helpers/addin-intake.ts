/**
 * A real intake worker for the pane's submit tests, and a unit's figures both as the .xlsx the
 * worker expects (buildTemplate + fillTemplate) and as the cells the MemoryHost shows the pane.
 */
import { findUnit, indicatorsOf, type Catalog, type Unit } from '../../shared/catalog.ts';
import { COL, FIRST_DATA_ROW } from '../../shared/layout.ts';
import type { MemoryValue } from '../addin/harness/memory-host.ts';
import type { FillValue } from '../helpers/fill.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { isPercentIndicator } from '../../shared/report.ts';
import { startHttp, type HttpHandle } from '../../worker/http/server.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { tempDir, testConfig } from './worker.ts';

export interface Intake {
  service: WorkerService;
  api: HttpHandle;
  close(): Promise<void>;
}

/** A worker with its intake endpoint on 127.0.0.1 that lets in `origin` (CORS) and these tokens. */
export async function startIntake(origin: string, tokens: Record<string, string>): Promise<Intake> {
  const { cfg } = testConfig(tempDir('pane-intake'), {
    http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: origin, maxUploadBytes: 1024 * 1024, consolidateDelayMs: 50 },
  });
  const service = new WorkerService(cfg, createLogger('silent'));
  for (const [unit, token] of Object.entries(tokens)) await service.ledger.addToken(unit, token, new Date().toISOString());
  const api = await startHttp(service, 0);
  return {
    service,
    api,
    close: async () => {
      await api.close();
      await service.stop();
    },
  };
}

/** The unit's template from the worker, filled with `figures` (by Số TT). */
export async function filledWorkbook(service: WorkerService, unit: Unit, figures: Map<number, FillValue>): Promise<Uint8Array> {
  const cfg = service.cfg;
  return fillTemplate(await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword), figures);
}

/**
 * The same figures as cells of the template sheet (E = value, G = note), for the MemoryHost, as
 * Excel holds them: a number in an indicator in % as the fraction its percentage cell keeps.
 */
export function figureCells(catalog: Catalog, unitCode: string, figures: Map<number, FillValue>): Record<string, MemoryValue> {
  const unit = findUnit(catalog, unitCode);
  if (!unit) throw new Error(`no unit ${unitCode}`);
  const cells: Record<string, MemoryValue> = {};
  indicatorsOf(catalog, unit.code).forEach((ind, k) => {
    const row = FIRST_DATA_ROW + k;
    const f = figures.get(ind.stt);
    if (f?.value !== null && f?.value !== undefined)
      cells[`${COL.actual}${row}`] = typeof f.value === 'number' && isPercentIndicator(ind) ? Number((f.value / 100).toPrecision(15)) : f.value;
    if (f?.note) cells[`${COL.note}${row}`] = f.note;
  });
  return cells;
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}
