/**
 * The CPU-bound middle of ingesting a workbook: screen, read, check. Pure on its inputs (bytes and
 * what the worker collects), so it runs here or on an analysis thread (pool.ts) alike.
 */
import type { Collection } from '../../shared/collection.ts';
import { readPartsFor } from './read/xlsx.ts';
import { parseSubmission, READ_SHEETS, type ParsedSubmission } from './read/submission.ts';
import { screenWorkbook } from './screen/index.ts';

export type { ParsedSubmission };

/** Sheets' parts screening keeps for the reader: only the ones it reads. */
const KEEP = readPartsFor(READ_SHEETS);

export function analyze(bytes: Uint8Array, collection: Collection, maxFileBytes: number): ParsedSubmission {
  // Screening inflates every part anyway: it hands the ones the reader needs on (no second unzip).
  const screened = screenWorkbook(bytes, { maxFileBytes }, { keepParts: KEEP });
  if (!screened.ok) {
    const { message, code, detail } = screened.problem;
    return { ok: false, rows: {}, problems: [{ message }], warnings: [], planEdits: [], screen: code, ...(detail ? { detail } : {}) };
  }
  try {
    return parseSubmission(bytes, collection, screened.source);
  } catch (e) {
    // A fault of ours, not of the file: the department is told so, the English goes to the log.
    return {
      ok: false,
      rows: {},
      warnings: [],
      planEdits: [],
      problems: [{ message: 'Hệ thống gặp lỗi khi đọc tệp. Tệp gốc đã được lưu; hãy báo Phòng Tài chính - Kế hoạch để được hỗ trợ.' }],
      detail: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e),
    };
  }
}

/** Runs analyze() somewhere: inline, or on a pool of threads. */
export interface Analyzer {
  /** `bytes` may be transferred to a thread: the caller must not use them afterwards. */
  run(bytes: Uint8Array): Promise<ParsedSubmission>;
  close(): Promise<void>;
}

export class InlineAnalyzer implements Analyzer {
  constructor(
    private readonly collection: Collection,
    private readonly maxFileBytes: number,
  ) {}
  async run(bytes: Uint8Array): Promise<ParsedSubmission> {
    return analyze(bytes, this.collection, this.maxFileBytes);
  }
  async close(): Promise<void> {}
}
