/**
 * Test page for the task pane in a real browser, without Office: mounts <TaskPane> over a
 * MemoryHost. Driven from tests/addin/*.browser.test.ts through
 *   window.__harness.start(config)  mounts the pane (optionally over a template with inputs);
 *   window.__host                   the MemoryHost: setValue(), getValue(), selection, readCount;
 *   window.__file                   what the submitter did with the workbook file (slices, closes).
 * `excelApi` plays an Excel that supports ExcelApi up to that version ("1.1", "1.7", "1.9"): the
 * pane's capabilities are the ones officeSheetHost() would detect there. For "Nộp báo cáo" the
 * real officeSubmitter() runs over a fake Office.context.document holding the workbook's .xlsx
 * bytes (made by the test with the worker's buildTemplate + fillTemplate), with or without the
 * CompressedFile requirement set. It never loads office.js. Built with the pane's own webpack
 * rules (webpack.harness.config.js), so the catalogues are the build-time validated ones.
 */
import '../../../ui/fabric-config.ts';
import { createRoot } from 'react-dom/client';
import { findPeriod, findUnit } from '../../../shared/catalog.ts';
import { templateModel } from '../../../shared/layout.ts';
import { TaskPane } from '../../../addin/app/TaskPane.tsx';
import { loadCatalogs } from '../../../addin/catalogs.ts';
import json2023 from '../../../shared/catalog/2023.json';
import json2024 from '../../../shared/catalog/2024.json';
import type { Catalog } from '../../../shared/catalog.ts';
import { registerPaneIcons } from '../../../addin/icons.ts';
import { capabilitiesFor, FULL_CAPABILITIES } from '../../../addin/office/capabilities.ts';
import { officeSubmitter } from '../../../addin/office/submitter.ts';
import { browserSettingsStore, EMPTY_SETTINGS, type SubmitSettings } from '../../../addin/app/settings.ts';
import { fakeOfficeFileContext, type FakeFileLog } from './fake-office-file.ts';
import { MemoryHost, type MemoryValue } from './memory-host.ts';

/** The partition key the harness passes to the settings store, as Office would. */
export const HARNESS_PARTITION = 'harness-partition:';

export interface HarnessSubmission {
  /** Saved into the settings store before the pane mounts (as if entered earlier). */
  settings?: Partial<SubmitSettings>;
  /** The workbook file's bytes, base64. */
  workbookBase64?: string;
  /** Slice length of the fake Office file (small values force several slices). */
  sliceSize?: number;
  /** isSetSupported('File', '1.1'). */
  fileSupported?: boolean;
  /** isSetSupported('CompressedFile', '1.1'): false as on Excel on the web. */
  compressedSupported?: boolean;
  /** Office.context.document.url. */
  url?: string;
  /** Delay per Office call, ms. */
  latencyMs?: number;
  timeoutMs?: number;
}

export interface HarnessConfig {
  /** Start over this unit's template (else over a blank workbook). */
  template?: { catalogId: string; unit: string; period: string; inputs?: Record<string, MemoryValue>; intakeUrl?: string };
  /** Extra sheets of the starting workbook. */
  sheets?: Record<string, Record<string, MemoryValue>>;
  latencyMs?: number;
  /** The highest ExcelApi version the played Excel supports (default: everything). */
  excelApi?: string;
  /** ISO time the pane takes as "now". */
  now?: string;
  /** Mount with "Nộp báo cáo". */
  submission?: HarnessSubmission;
  /** Give the pane the 2023 and 2024 catalogues beforehand (default); false: it asks the worker, as in Excel. */
  knownCatalogs?: boolean;
}

declare global {
  interface Window {
    __harness: { start(config: HarnessConfig): void };
    __host?: MemoryHost;
    __file?: FakeFileLog;
  }
}

registerPaneIcons();

window.__harness = {
  start(config: HarnessConfig) {
    // The pane bundles no catalogue; the harness gives it the build-time validated ones, as a worker would.
    const catalogs = loadCatalogs([json2023, json2024] as unknown as Catalog[]);
    const capabilities = config.excelApi ? capabilitiesFor(config.excelApi) : FULL_CAPABILITIES;
    const host = new MemoryHost({ latencyMs: config.latencyMs ?? 20, sheets: config.sheets, capabilities });
    if (config.template) {
      const { catalogId, unit, period, inputs, intakeUrl } = config.template;
      const catalog = catalogs.catalogs.find((c) => c.catalog.id === catalogId)?.catalog;
      const u = catalog && findUnit(catalog, unit);
      const p = catalog && findPeriod(catalog, period);
      if (!catalog || !u || !p) throw new Error(`Harness: unknown catalogue/unit/period ${catalogId}/${unit}/${period}`);
      host.loadModel(templateModel(catalog, p, u, { generatedAt: '2023-11-01T08:00:00.000Z', ...(intakeUrl ? { intakeUrl } : {}) }), inputs);
    }
    window.__host = host;
    const now = config.now ? () => new Date(config.now as string) : undefined;
    let submission;
    if (config.submission) {
      const s = config.submission;
      const bytes = s.workbookBase64 ? Uint8Array.from(atob(s.workbookBase64), (c) => c.charCodeAt(0)) : new Uint8Array();
      const file = fakeOfficeFileContext({
        bytes,
        sliceSize: s.sliceSize,
        supported: s.fileSupported ?? true,
        compressedSupported: s.compressedSupported,
        url: s.url,
        latencyMs: s.latencyMs ?? 30,
      });
      window.__file = file.log;
      const store = browserSettingsStore(window.localStorage, HARNESS_PARTITION);
      if (s.settings) store.save({ ...EMPTY_SETTINGS, ...s.settings });
      submission = { submitter: officeSubmitter(file.ctx), store, timeoutMs: s.timeoutMs };
    }
    const known = config.knownCatalogs === false ? undefined : catalogs;
    createRoot(document.getElementById('root')!).render(<TaskPane host={host} catalogs={known} now={now} submission={submission} />);
  },
};
