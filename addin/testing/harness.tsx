/**
 * Test page for the task pane in a real browser, without Office: mounts <TaskPane> over a
 * MemoryHost. Driven from tests/addin/taskpane.browser.test.ts through
 *   window.__harness.start(config)  mounts the pane (optionally over a template with inputs);
 *   window.__host                   the MemoryHost: setValue(), getValue(), selection, readCount.
 * It never loads office.js.
 */
import '../fabric-config.ts';
import { initializeIcons } from '@fluentui/react';
import { createRoot } from 'react-dom/client';
import { findPeriod, findUnit } from '../../shared/catalog.ts';
import { templateModel } from '../../shared/layout.ts';
import { TaskPane } from '../app/TaskPane.tsx';
import { loadCatalogs } from '../catalogs.ts';
import { MemoryHost, type MemoryValue } from './memory-host.ts';

export interface HarnessConfig {
  /** Start over this unit's template (else over a blank workbook). */
  template?: { catalogId: string; unit: string; period: string; inputs?: Record<string, MemoryValue> };
  /** Extra sheets of the starting workbook. */
  sheets?: Record<string, Record<string, MemoryValue>>;
  latencyMs?: number;
  /** ISO time the pane takes as "now". */
  now?: string;
}

declare global {
  interface Window {
    __harness: { start(config: HarnessConfig): void };
    __host?: MemoryHost;
  }
}

initializeIcons();

window.__harness = {
  start(config: HarnessConfig) {
    const catalogs = loadCatalogs();
    const host = new MemoryHost({ latencyMs: config.latencyMs ?? 20, sheets: config.sheets });
    if (config.template) {
      const { catalogId, unit, period, inputs } = config.template;
      const catalog = catalogs.catalogs.find((c) => c.catalog.id === catalogId)?.catalog;
      const u = catalog && findUnit(catalog, unit);
      const p = catalog && findPeriod(catalog, period);
      if (!catalog || !u || !p) throw new Error(`Harness: unknown catalogue/unit/period ${catalogId}/${unit}/${period}`);
      host.loadModel(templateModel(catalog, p, u, { generatedAt: '2023-11-01T08:00:00.000Z' }), inputs);
    }
    window.__host = host;
    const now = config.now ? () => new Date(config.now as string) : undefined;
    createRoot(document.getElementById('root')!).render(<TaskPane host={host} catalogs={catalogs} now={now} />);
  },
};
