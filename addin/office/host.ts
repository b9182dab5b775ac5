/**
 * What the task pane needs from a workbook. The pane's components receive a SheetHost through
 * props: `officeSheetHost()` (office-host.ts) over the real Office.js, `MemoryHost`
 * (tests/addin/harness/memory-host.ts) over an in-memory sheet for browser tests.
 */
import type { SheetModel } from '../../shared/layout.ts';
import type { Capabilities } from './capabilities.ts';
import type { ReadResult } from './read.ts';
import type { RenderReport } from './render.ts';

export type Unsubscribe = () => Promise<void>;

export interface SheetHost {
  /** What this Excel supports (requirement sets checked once). */
  readonly capabilities: Capabilities;
  /** Reads the open workbook: the template's metadata and rows, in one batched read. */
  readTemplate(): Promise<ReadResult>;
  /** Activates the template sheet and selects a cell ("E6"). */
  selectCell(address: string): Promise<void>;
  /** Draws a template into the open workbook; refuses politely when it is not blank. */
  createTemplate(model: SheetModel): Promise<RenderReport>;
  /**
   * Calls `cb` whenever the template sheet changes (not debounced: the pane debounces). Resolves
   * to the function that stops listening; a no-op when there is no template sheet or the host has
   * no change events (`capabilities.changeEvents`).
   */
  onChanged(cb: () => void): Promise<Unsubscribe>;
  /** Fits the template's rows ("5:9") to their text after an edit; absent where the host cannot (`capabilities.autofit`). */
  fitRows?(rows: string): Promise<void>;
}
