/**
 * A fake Excel workbook for the add-in's adapters, built on office-addin-mock's OfficeMockObject.
 *
 * OfficeMockObject gives the load/sync discipline (a property read before load + sync reads back
 * as "Error, property was not loaded"); this helper adds what it lacks:
 *   - methods (getItemOrNullObject, getRange, add, merge, protect …) that create child mocks on
 *     demand, attached to the tree so that context.sync reaches them;
 *   - a cell store that getRange(...).values / getUsedRangeOrNullObject read from, and that
 *     `commitWrites()` updates from what the code under test assigned (formulas, values);
 *   - protection state: protect() throws when already protected, as Excel does;
 *   - a log of every method call, and a registry of every range handed out, so a test can see
 *     what a renderer did.
 * It simulates no recalculation: formulas are stored as text.
 */
import { createRequire } from 'node:module';
import { cellAddress, colIndex, expandRange, parseCell, parseRange } from '../../shared/a1.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- the mock tree is dynamic by nature */

/**
 * office-addin-mock 4.0.0 requires office-addin-manifest only for its `OfficeApp` enum, and
 * office-addin-manifest 3.0.0's entry point pulls in @microsoft/app-manifest, which requires
 * `fs-extra` without declaring it: with npm's hoisting here, `require('office-addin-mock')`
 * fails with "Cannot find module 'fs-extra'". The enum lives in a file with no dependencies, so
 * the entry point is primed in Node's module cache with that file before office-addin-mock loads.
 */
function loadOfficeAddinMock(): typeof import('office-addin-mock') {
  const req = createRequire(import.meta.url);
  const mockEntry = req.resolve('office-addin-mock');
  const manifestEntry = createRequire(mockEntry).resolve('office-addin-manifest');
  if (!req.cache[manifestEntry]) {
    const officeApp = createRequire(manifestEntry)('./officeApp.js') as object;
    req.cache[manifestEntry] = { id: manifestEntry, filename: manifestEntry, loaded: true, exports: officeApp } as NodeJS.Module;
  }
  return req('office-addin-mock') as typeof import('office-addin-mock');
}

const { OfficeMockObject } = loadOfficeAddinMock();
type OfficeMockObject = InstanceType<typeof OfficeMockObject>;

export interface FakeSheetInit {
  cells?: Record<string, string | number | boolean>;
  /** Number formats of cells ("dd/mm/yyyy"); others are "General". */
  numberFormats?: Record<string, string>;
  protected?: boolean;
  visibility?: 'Visible' | 'Hidden' | 'VeryHidden';
}

export interface FakeWorkbookInit {
  sheets?: Record<string, FakeSheetInit>;
  workbookProtected?: boolean;
  /** Sheets created by worksheets.add() start protected (to test that protection is not re-applied). */
  addedSheetsProtected?: boolean;
}

export interface Call {
  target: string;
  method: string;
  args: unknown[];
}

interface SheetState {
  name: string;
  cells: Map<string, string | number | boolean>;
  formats: Map<string, string>;
  protected: boolean;
  mock?: any;
}

interface Internals {
  addMock(name: string): void;
  populate(data: object): void;
}

/** Attaches a child mock under `parent[key]` (office-addin-mock keeps these two methods private). */
function attach(parent: any, key: string, data: object): any {
  if (parent[key] === undefined) {
    (parent as Internals).addMock(key);
    (parent[key] as Internals).populate(data);
  }
  return parent[key];
}

export class FakeExcel {
  readonly calls: Call[] = [];
  /** Every range handed out, per sheet and address (the same mock for the same address). */
  readonly ranges = new Map<string, Map<string, any>>();
  /** Conditional formats added, in order. */
  readonly conditionalFormats: { sheet: string; address: string; type: string; mock: any }[] = [];
  readonly root: OfficeMockObject;
  readonly context: Excel.RequestContext;
  private readonly sheets = new Map<string, SheetState>();
  private workbookProtected: boolean;
  private readonly addedSheetsProtected: boolean;
  private handlers: ((e: unknown) => unknown)[] = [];

  constructor(init: FakeWorkbookInit = {}) {
    this.workbookProtected = init.workbookProtected === true;
    this.addedSheetsProtected = init.addedSheetsProtected === true;
    for (const [name, s] of Object.entries(init.sheets ?? {})) {
      this.sheets.set(name, {
        name,
        cells: new Map(Object.entries(s.cells ?? {})),
        formats: new Map(Object.entries(s.numberFormats ?? {})),
        protected: s.protected === true,
      });
    }
    // Methods are arrow functions over this FakeExcel; the mock they hang under is looked up when
    // they are called (the mock tree exists by then).
    const worksheets = () => (this.root as any).context.workbook.worksheets;
    this.root = new OfficeMockObject({
      context: {
        workbook: {
          protection: {
            protected: this.workbookProtected,
            protect: (password?: string) => {
              this.calls.push({ target: 'workbook', method: 'protect', args: [password] });
              if (this.workbookProtected) throw Object.assign(new Error('The workbook is already protected.'), { code: 'InvalidOperation' });
              this.workbookProtected = true;
            },
          },
          worksheets: {
            getItemOrNullObject: (name: string) => this.sheetMock(worksheets(), name, true),
            getItem: (name: string) => {
              if (!this.sheets.has(name)) throw Object.assign(new Error(`The requested resource doesn't exist: ${name}`), { code: 'ItemNotFound' });
              return this.sheetMock(worksheets(), name, false);
            },
            add: (name: string) => {
              this.calls.push({ target: 'worksheets', method: 'add', args: [name] });
              if (this.sheets.has(name)) throw Object.assign(new Error(`A sheet named ${name} exists.`), { code: 'ItemAlreadyExists' });
              this.sheets.set(name, { name, cells: new Map(), formats: new Map(), protected: this.addedSheetsProtected });
              this.refreshItems();
              return this.sheetMock(worksheets(), name, false);
            },
          },
        },
      },
    });
    this.context = (this.root as any).context as Excel.RequestContext;
    // worksheets.load('items/name') (the ExcelApi 1.1 read): office-addin-mock knows scalar
    // properties only, so `items` is one, refreshed when sheets are added.
    const ws = worksheets();
    const load = ws.load.bind(ws);
    ws.load = (arg?: unknown) => {
      this.calls.push({ target: 'worksheets', method: 'load', args: [arg] });
      return load(arg === 'items/name' ? 'items' : arg);
    };
    this.refreshItems();
  }

  private refreshItems(): void {
    const ws = (this.root as any).context?.workbook?.worksheets;
    ws?.setValue(
      'items',
      [...this.sheets.keys()].map((name) => ({ name })),
    );
  }

  /** Number of sheets that exist now. */
  sheetNames(): string[] {
    return [...this.sheets.keys()];
  }

  isProtected(sheet: string): boolean {
    return this.sheets.get(sheet)?.protected === true;
  }

  isWorkbookProtected(): boolean {
    return this.workbookProtected;
  }

  /** The worksheet mock (for reading assigned properties such as visibility). */
  sheet(name: string): any {
    return this.sheets.get(name)?.mock;
  }

  /** A cell as stored ('' when blank). */
  cell(sheet: string, address: string): string | number | boolean {
    return this.sheets.get(sheet)?.cells.get(address) ?? '';
  }

  setNumberFormat(sheet: string, address: string, format: string): void {
    const s = this.sheets.get(sheet);
    if (!s) throw new Error(`no sheet ${sheet}`);
    s.formats.set(address, format);
  }

  setCell(sheet: string, address: string, value: string | number | boolean | null): void {
    const s = this.sheets.get(sheet);
    if (!s) throw new Error(`no sheet ${sheet}`);
    if (value === null || value === '') s.cells.delete(address);
    else s.cells.set(address, value);
  }

  /** Fires the change handlers registered through worksheet.onChanged.add. */
  async fireChanged(): Promise<void> {
    for (const h of this.handlers) await h({ changeType: 'RangeEdited' });
  }

  /**
   * Copies what the code under test assigned to ranges (formulas or values) into the cell store,
   * the way Excel would keep it: a leading apostrophe marks text and is not part of the value.
   */
  commitWrites(): void {
    for (const [sheetName, byAddress] of this.ranges) {
      const s = this.sheets.get(sheetName);
      if (!s) continue;
      for (const [address, mock] of byAddress) {
        const written = Array.isArray(mock.formulas) ? mock.formulas : Array.isArray(mock.values) && mock.values !== mock.__seeded ? mock.values : null;
        if (!written) continue;
        const { c1, r1 } = parseRange(address);
        written.forEach((line: unknown[], i: number) =>
          line.forEach((v, j) => {
            const a = cellAddress(c1 + j, r1 + i);
            if (v === '' || v === null || v === undefined) s.cells.delete(a);
            else s.cells.set(a, typeof v === 'string' && v.startsWith("'") ? v.slice(1) : (v as string | number | boolean));
          }),
        );
      }
    }
  }

  private gridOf<T>(address: string, at: (a: string) => T): T[][] {
    const { c1, r1, c2, r2 } = parseRange(address);
    const out: T[][] = [];
    for (let r = r1; r <= r2; r++) {
      const line: T[] = [];
      for (let c = c1; c <= c2; c++) line.push(at(cellAddress(c, r)));
      out.push(line);
    }
    return out;
  }

  private valueTypeOf(v: string | number | boolean | undefined): string {
    if (v === undefined || v === '') return 'Empty';
    if (typeof v === 'number') return 'Double';
    if (typeof v === 'boolean') return 'Boolean';
    return /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!)$/.test(v) ? 'Error' : 'String';
  }

  private valuesOf(s: SheetState, address: string): (string | number | boolean)[][] {
    const { c1, r1, c2, r2 } = parseRange(address);
    const out: (string | number | boolean)[][] = [];
    for (let r = r1; r <= r2; r++) {
      const line: (string | number | boolean)[] = [];
      for (let c = c1; c <= c2; c++) line.push(s.cells.get(cellAddress(c, r)) ?? '');
      out.push(line);
    }
    return out;
  }

  /** Used range (values only) of a rectangle, or null when it holds nothing. */
  private usedOf(s: SheetState, address: string): string | null {
    const { c1, r1, c2, r2 } = parseRange(address);
    let minC = Infinity;
    let minR = Infinity;
    let maxC = -Infinity;
    let maxR = -Infinity;
    for (const key of s.cells.keys()) {
      const { col, row } = parseCell(key);
      if (col < c1 || col > c2 || row < r1 || row > r2) continue;
      minC = Math.min(minC, col);
      minR = Math.min(minR, row);
      maxC = Math.max(maxC, col);
      maxR = Math.max(maxR, row);
    }
    if (minC === Infinity) return null;
    return `${cellAddress(minC, minR)}:${cellAddress(maxC, maxR)}`;
  }

  private normalize(address: string): string {
    // Whole columns ("A:B") and whole rows ("5:5") are kept as typed; ranges are upper-cased.
    return address.toUpperCase();
  }

  private rangeMock(parent: any, s: SheetState, address: string, keyPrefix = 'range'): any {
    const addr = this.normalize(address);
    const key = `${keyPrefix}:${addr}`;
    const isRect = /^[A-Z]+\d+(:[A-Z]+\d+)?$/.test(addr);
    const bounded = isRect ? addr : addr.includes(':') && /^[A-Z]+:[A-Z]+$/.test(addr) ? `${addr.split(':')[0]}1:${addr.split(':')[1]}1048576` : null;
    const start = isRect ? parseRange(addr) : { c1: bounded ? colIndex(addr.split(':')[0]) : 1, r1: 1 };
    const fresh = parent[key] === undefined;
    const seeded = isRect ? this.valuesOf(s, addr) : [];
    const self = () => parent[key];
    const mock = attach(parent, key, {
      address: addr,
      isNullObject: false,
      values: seeded,
      valueTypes: isRect ? this.gridOf(addr, (a) => this.valueTypeOf(s.cells.get(a))) : [],
      numberFormat: isRect ? this.gridOf(addr, (a) => s.formats.get(a) ?? 'General') : [],
      rowIndex: start.r1 - 1,
      columnIndex: start.c1 - 1,
      format: {
        font: {},
        fill: {},
        protection: {},
        autofitRows: () => {
          this.calls.push({ target: `${s.name}!${addr}`, method: 'format.autofitRows', args: [] });
        },
        borders: {
          getItem: (edge: string) => attach(self().format.borders, `edge:${edge}`, { style: 'None' }),
        },
      },
      dataValidation: {},
      conditionalFormats: {
        add: (type: string) => {
          const cf = attach(self().conditionalFormats, `cf:${this.conditionalFormats.length}`, { custom: { rule: {}, format: { fill: {}, font: {} } } });
          this.conditionalFormats.push({ sheet: s.name, address: addr, type, mock: cf });
          this.calls.push({ target: `${s.name}!${addr}`, method: 'conditionalFormats.add', args: [type] });
          return cf;
        },
      },
      merge: (across?: boolean) => {
        this.calls.push({ target: `${s.name}!${addr}`, method: 'merge', args: [across] });
      },
      select: () => {
        this.calls.push({ target: `${s.name}!${addr}`, method: 'select', args: [] });
      },
      getUsedRangeOrNullObject: (valuesOnly?: boolean) => {
        const used = bounded || isRect ? this.usedOf(s, bounded ?? addr) : null;
        this.calls.push({ target: `${s.name}!${addr}`, method: 'getUsedRangeOrNullObject', args: [valuesOnly] });
        if (!used) return attach(self(), 'used:null', { isNullObject: true, values: [], valueTypes: [], numberFormat: [], rowIndex: 0, columnIndex: 0 });
        return this.rangeMock(self(), s, used, 'used');
      },
    });
    if (fresh) mock.__seeded = seeded;
    if (!this.ranges.has(s.name)) this.ranges.set(s.name, new Map());
    this.ranges.get(s.name)!.set(addr, mock);
    return mock;
  }

  private sheetMock(worksheets: any, name: string, orNull: boolean): any {
    const s = this.sheets.get(name);
    if (!s) {
      if (!orNull) throw new Error(`no sheet ${name}`);
      return attach(worksheets, `null:${name}`, { isNullObject: true });
    }
    if (s.mock) return s.mock;
    s.mock = attach(worksheets, `sheet:${name}`, {
      name,
      isNullObject: false,
      visibility: 'Visible',
      protection: {
        protected: s.protected,
        protect: (options?: unknown, password?: string) => {
          this.calls.push({ target: name, method: 'protect', args: [options, password] });
          if (s.protected) throw Object.assign(new Error('The sheet is already protected.'), { code: 'InvalidOperation' });
          s.protected = true;
        },
        unprotect: (password?: string) => {
          this.calls.push({ target: name, method: 'unprotect', args: [password] });
          s.protected = false;
        },
      },
      freezePanes: {
        freezeRows: (n: number) => {
          this.calls.push({ target: name, method: 'freezePanes.freezeRows', args: [n] });
        },
      },
      pageLayout: {
        headersFooters: { defaultForAllPages: {} },
        setPrintArea: (a: string) => {
          this.calls.push({ target: name, method: 'pageLayout.setPrintArea', args: [a] });
        },
        setPrintTitleRows: (a: string) => {
          this.calls.push({ target: name, method: 'pageLayout.setPrintTitleRows', args: [a] });
        },
        setPrintMargins: (unit: string, margins: unknown) => {
          this.calls.push({ target: name, method: 'pageLayout.setPrintMargins', args: [unit, margins] });
        },
      },
      onChanged: {
        add: (handler: (e: unknown) => unknown) => {
          this.calls.push({ target: name, method: 'onChanged.add', args: [] });
          this.handlers.push(handler);
          return {
            remove: () => {
              this.handlers = this.handlers.filter((h) => h !== handler);
            },
          };
        },
      },
      activate: () => {
        this.calls.push({ target: name, method: 'activate', args: [] });
      },
      getRange: (address: string) => this.rangeMock(s.mock, s, address),
    });
    return s.mock;
  }

  /** Calls of one method name. */
  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Every range of a sheet that was given a property (e.g. 'formulas'), with its value. */
  assigned(sheet: string, pick: (mock: any) => unknown): { address: string; value: unknown }[] {
    const out: { address: string; value: unknown }[] = [];
    for (const [address, mock] of this.ranges.get(sheet) ?? []) {
      const value = pick(mock);
      if (value !== undefined) out.push({ address, value });
    }
    return out;
  }
}

/** Cells of a rectangle address, re-exported for tests. */
export { expandRange };
