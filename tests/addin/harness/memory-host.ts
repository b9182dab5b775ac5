/**
 * A stand-in SheetHost over an in-memory workbook, for the browser tests (harness.tsx beside it)
 * and unit tests. It reads through the same interpretRead (and so the same shared read-back) as the
 * Office.js adapter and draws a SheetModel the way Excel would hold it (values, formulas' cached
 * results, metadata). Its capabilities act as Excel's would: without change events it never calls
 * back, without the drawing APIs it refuses to draw.
 */
import { FIRST_DATA_ROW, META_SHEET, SHEET_NAME, STYLES, type SheetModel } from '../../../shared/layout.ts';
import { isPercentFormat } from '../../../shared/template-read.ts';
import { cellAddress, colIndex, parseCell } from '../../../shared/a1.ts';
import { CAPABILITY_WARNINGS, FULL_CAPABILITIES, type Capabilities } from '../../../addin/office/capabilities.ts';
import { SheetRefusal } from '../../../addin/office/errors.ts';
import type { SheetHost, Unsubscribe } from '../../../addin/office/host.ts';
import { interpretRead, LAST_COL, MAX_TEMPLATE_ROWS, type ReadResult } from '../../../addin/office/read.ts';
import { planOperations } from '../../../addin/office/plan.ts';
import { REFUSALS, type RenderReport } from '../../../addin/office/render.ts';

export type MemoryValue = string | number | boolean;

export interface MemoryHostOptions {
  capabilities?: Capabilities;
  /** Simulated round-trip time of each call, in ms. */
  latencyMs?: number;
  /** Sheets to start with (name → cells). */
  sheets?: Record<string, Record<string, MemoryValue>>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class MemoryHost implements SheetHost {
  readonly capabilities: Capabilities;
  readonly sheets = new Map<string, Map<string, MemoryValue>>();
  /** Number formats of the cells that have one (the model's), by sheet; others are "General". */
  readonly formats = new Map<string, Map<string, string>>();
  /** "Phụ lục 1!E6" after selectCell("E6"). */
  selection: string | null = null;
  readCount = 0;
  /** The next call of that method fails with this error (once). */
  failNext: { method: 'readTemplate' | 'selectCell' | 'createTemplate' | 'onChanged'; error: Error } | null = null;
  /** The rows the pane asked Excel to fit to their text ("5:8"), in order. */
  readonly fitted: string[] = [];
  /** Present where Excel can fit rows (ExcelApi 1.2), as the Office.js host's. */
  readonly fitRows?: (rows: string) => Promise<void>;
  private readonly latencyMs: number;
  private listeners = new Set<() => void>();

  constructor(opts: MemoryHostOptions = {}) {
    this.capabilities = opts.capabilities ?? FULL_CAPABILITIES;
    this.latencyMs = opts.latencyMs ?? 0;
    if (this.capabilities.autofit) {
      this.fitRows = async (rows: string) => {
        if (this.latencyMs) await wait(this.latencyMs);
        this.fitted.push(rows);
      };
    }
    for (const [name, cells] of Object.entries(opts.sheets ?? {})) this.sheets.set(name, new Map(Object.entries(cells)));
  }

  /** Puts `model` into the workbook as Excel would hold it once opened; `inputs` overrides cells. */
  loadModel(model: SheetModel, inputs: Record<string, MemoryValue> = {}): void {
    const cells = new Map<string, MemoryValue>();
    for (const c of model.cells) {
      const v = c.formula !== undefined ? c.result : c.value;
      if (v !== null && v !== undefined && v !== '') cells.set(c.address, v);
    }
    for (const [a, v] of Object.entries(inputs)) cells.set(a, v);
    const meta = new Map<string, MemoryValue>();
    model.meta.entries.forEach(([k, v], i) => {
      meta.set(`A${i + 1}`, k);
      meta.set(`B${i + 1}`, v);
    });
    this.sheets.set(model.name, cells);
    this.sheets.set(model.meta.sheet, meta);
    const formats = new Map<string, string>();
    for (const c of model.cells) {
      const f = c.numFmt ?? STYLES[c.style].numFmt;
      if (f) formats.set(c.address, f);
    }
    this.formats.set(model.name, formats);
  }

  /** What a cell holds ('' when blank). */
  getValue(address: string, sheet = SHEET_NAME): MemoryValue {
    return this.sheets.get(sheet)?.get(address) ?? '';
  }

  /**
   * Types into a cell and fires the change event, as Excel does after an edit. A number typed into a
   * percentage cell is kept as the figure / 100, as Excel's automatic percent entry keeps 95,8 typed
   * there (95,8%).
   */
  setValue(address: string, value: MemoryValue | null, sheet = SHEET_NAME): void {
    const cells = this.sheets.get(sheet);
    if (!cells) throw new Error(`No sheet “${sheet}”.`);
    const format = this.formats.get(sheet)?.get(address);
    if (value === null || value === '') cells.delete(address);
    else cells.set(address, typeof value === 'number' && format !== undefined && isPercentFormat(format) ? Number((value / 100).toPrecision(15)) : value);
    for (const cb of this.listeners) setTimeout(cb, 0);
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  private async call(method: NonNullable<MemoryHost['failNext']>['method']): Promise<void> {
    if (this.latencyMs) await wait(this.latencyMs);
    const fail = this.failNext;
    if (fail?.method === method) {
      this.failNext = null;
      throw fail.error;
    }
  }

  private grid(sheet: string, c1: number, r1: number, c2: number, r2: number): MemoryValue[][] {
    const cells = this.sheets.get(sheet);
    const out: MemoryValue[][] = [];
    for (let r = r1; r <= r2; r++) {
      const line: MemoryValue[] = [];
      for (let c = c1; c <= c2; c++) line.push(cells?.get(cellAddress(c, r)) ?? '');
      out.push(line);
    }
    return out;
  }

  async readTemplate(): Promise<ReadResult> {
    await this.call('readTemplate');
    this.readCount++;
    const meta = this.sheets.get(META_SHEET);
    const sheet = this.sheets.get(SHEET_NAME);
    if (!meta) return { kind: 'none', sheetNameTaken: Boolean(sheet) };
    const metaRows = Math.max(0, ...[...meta.keys()].map((a) => parseCell(a).row));
    const metaValues = this.grid(META_SHEET, 1, 1, 2, metaRows);
    let block = null;
    if (sheet) {
      const lastCol = colIndex(LAST_COL);
      const rows = [...sheet.keys()].map(parseCell).filter((p) => p.col <= lastCol && p.row >= FIRST_DATA_ROW && p.row < FIRST_DATA_ROW + MAX_TEMPLATE_ROWS);
      if (rows.length) {
        const r1 = Math.min(...rows.map((p) => p.row));
        const r2 = Math.max(...rows.map((p) => p.row));
        const c1 = Math.min(...rows.map((p) => p.col));
        const c2 = Math.max(...rows.map((p) => p.col));
        const formats = this.formats.get(SHEET_NAME);
        const numberFormat = this.grid(SHEET_NAME, c1, r1, c2, r2).map((line, i) => line.map((_, j) => formats?.get(cellAddress(c1 + j, r1 + i)) ?? 'General'));
        block = { values: this.grid(SHEET_NAME, c1, r1, c2, r2), numberFormat, rowIndex: r1 - 1, columnIndex: c1 - 1 };
      }
    }
    return interpretRead(metaValues, block, Boolean(sheet));
  }

  async selectCell(address: string): Promise<void> {
    await this.call('selectCell');
    if (!this.sheets.has(SHEET_NAME)) throw Object.assign(new Error(`The sheet ${SHEET_NAME} does not exist.`), { code: 'ItemNotFound' });
    this.selection = `${SHEET_NAME}!${address}`;
  }

  async createTemplate(model: SheetModel): Promise<RenderReport> {
    await this.call('createTemplate');
    if (!this.capabilities.drawTemplate) throw new SheetRefusal(CAPABILITY_WARNINGS.drawTemplate);
    if (this.sheets.has(model.name)) throw new SheetRefusal(REFUSALS.sheetExists(model.name));
    if (this.sheets.has(model.meta.sheet)) throw new SheetRefusal(REFUSALS.metaExists);
    this.loadModel(model);
    this.selection = `${model.name}!${model.rows[0] ? `E${model.rows[0].row}` : 'A1'}`;
    // What the Office.js renderer would have to leave out on this Excel (validation, page layout …).
    return { sheet: model.name, warnings: planOperations(model, this.capabilities).warnings };
  }

  async onChanged(cb: () => void): Promise<Unsubscribe> {
    await this.call('onChanged');
    if (!this.capabilities.changeEvents || !this.sheets.has(SHEET_NAME)) return async () => {};
    this.listeners.add(cb);
    return async () => {
      this.listeners.delete(cb);
    };
  }
}
