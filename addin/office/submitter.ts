/**
 * Hands the open workbook's bytes to the pane for "Nộp báo cáo". Props-injected like SheetHost:
 * `officeSubmitter()` over the real Office.js (or over a fake `Office.context` in tests,
 * tests/addin/harness/fake-office-file.ts).
 *
 * Office.js facts (shared/NOTES.md): getFileAsync(Compressed) returns the whole .xlsx in slices of
 * at most 4 MB; at most two files may be open at once, so the file is ALWAYS closed, also after an
 * error, or when the officer cancels. It needs the requirement sets File 1.1 and CompressedFile
 * 1.1; Excel on the web does not list CompressedFile, so both are checked before "Nộp báo cáo" is
 * offered, and a failure at run time is still reported as such, with the shared folder instead.
 */

export interface WorkbookFile {
  bytes: Uint8Array;
  /** The workbook's file name ("PL1-LDTBXH.xlsx") when Office knows it, else null (never saved). */
  name: string | null;
  /** How many slices Office cut the file into. */
  slices: number;
}

/** Why this Excel cannot hand over the file: no File API at all, or no compressed (.xlsx) file. */
export type FileSupport = 'ok' | 'no-file' | 'no-compressed';

export interface Submitter {
  /** False when this Excel cannot hand over the workbook file (File 1.1 or CompressedFile 1.1 missing). */
  readonly canReadFile: boolean;
  readonly support: FileSupport;
  /**
   * Reads the whole workbook as .xlsx bytes; `onProgress(done, total)` after each slice. Aborting
   * `signal` stops between slices (ReadCancelled), the file closed.
   */
  readWorkbookFile(onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<WorkbookFile>;
}

/** The officer cancelled while the file was being read: nothing was sent. */
export class ReadCancelled extends Error {
  constructor() {
    super('Đã dừng đọc tệp; chưa nộp.');
    this.name = 'ReadCancelled';
  }
}

/** Reading failed; `unsupported` when this Excel cannot do it at all (vs. a one-off failure). */
export class FileReadError extends Error {
  constructor(
    message: string,
    readonly unsupported: boolean,
  ) {
    super(message);
    this.name = 'FileReadError';
  }
}

/** The largest slice Office hands over (and its default). */
export const SLICE_SIZE = 4 * 1024 * 1024;

/** The part of `Office.context` the submitter uses; a fake one in tests. */
export interface OfficeFileContext {
  document: { url?: string | null; getFileAsync: Office.Document['getFileAsync'] };
  requirements: { isSetSupported(name: string, minVersion?: string): boolean };
}

// Literal values of Office.FileType.Compressed / Office.AsyncResultStatus.Succeeded: the enums
// exist only once office.js has loaded, and tests run without it.
const COMPRESSED = 'compressed' as unknown as Office.FileType;
const SUCCEEDED = 'succeeded';

export const READ_ERRORS = {
  unsupported: 'Phiên bản Excel này không cho phần bổ trợ đọc tệp sổ làm việc để nộp.',
  /** Excel on the web: the File API without the compressed (.xlsx) file. */
  web: 'Excel trên web chưa cho phần bổ trợ đọc tệp sổ làm việc để nộp. Hãy tải tệp về (Tệp › Lưu bản sao › Tải xuống bản sao) rồi lưu vào thư mục nộp báo cáo chung.',
  failed: 'Excel không đưa được tệp sổ làm việc cho phần bổ trợ',
  incomplete: 'Excel chỉ đưa được một phần tệp sổ làm việc nên chưa nộp. Hãy thử lại; nếu vẫn vậy, hãy lưu tệp rồi nộp qua thư mục nộp báo cáo chung.',
  badSlice: 'Excel trả về một phần tệp không đúng dạng nên chưa nộp. Hãy thử lại.',
} as const;

function detail(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | null;
  const parts = [e?.code, e?.name, typeof e?.message === 'string' ? e.message : error instanceof Error ? undefined : String(error)]
    .filter((p) => p !== undefined && p !== null && p !== '')
    .map(String);
  return [...new Set(parts)].join(' – ');
}

/** Hosts without the API throw "not supported" or answer with such an error. */
function looksUnsupported(error: unknown): boolean {
  const e = error as { message?: unknown; name?: unknown } | null;
  const text = `${String(e?.name ?? '')} ${String(e?.message ?? '')}`;
  return error instanceof TypeError || /not (?:be )?(?:supported|implemented|available)|unsupported/i.test(text);
}

function toReadError(error: unknown): FileReadError {
  if (error instanceof FileReadError) return error;
  if (looksUnsupported(error)) return new FileReadError(`${READ_ERRORS.unsupported} (Chi tiết kỹ thuật: ${detail(error)})`, true);
  return new FileReadError(`${READ_ERRORS.failed} (Chi tiết kỹ thuật: ${detail(error)}).`, false);
}

function sliceBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Uint8Array.from(data as number[]);
  throw new FileReadError(READ_ERRORS.badSlice, false);
}

/** "C:\\Báo cáo\\PL1.xlsx" or "https://…/PL1%20LDTBXH.xlsx?web=1" → "PL1.xlsx" / "PL1 LDTBXH.xlsx". */
export function fileNameOf(url: string | null | undefined): string | null {
  if (!url) return null;
  const last = url.split(/[?#]/)[0].split(/[\\/]/).pop() ?? '';
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // keep it as it is
  }
  return /\.xlsx$/i.test(name) ? name : null;
}

function closeQuietly(file: Office.File): Promise<void> {
  // closeAsync never rejects the read: the bytes (or the first error) matter more. A host that
  // never calls back must not hang the pane either.
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 5000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    try {
      file.closeAsync(done);
    } catch {
      done();
    }
  });
}

function supportOf(ctx: OfficeFileContext): FileSupport {
  const has = (name: string) => {
    try {
      return ctx.requirements.isSetSupported(name, '1.1') === true;
    } catch {
      return false;
    }
  };
  if (!has('File')) return 'no-file';
  return has('CompressedFile') ? 'ok' : 'no-compressed';
}

export function officeSubmitter(ctx: OfficeFileContext = Office.context): Submitter {
  const support = supportOf(ctx);
  const supported = support === 'ok';

  async function readWorkbookFile(onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<WorkbookFile> {
    if (!supported) throw new FileReadError(support === 'no-compressed' ? READ_ERRORS.web : READ_ERRORS.unsupported, true);
    if (signal?.aborted) throw new ReadCancelled();
    const file = await new Promise<Office.File>((resolve, reject) => {
      try {
        ctx.document.getFileAsync(COMPRESSED, { sliceSize: SLICE_SIZE }, (r) => {
          if (String(r.status) === SUCCEEDED) resolve(r.value);
          else reject(r.error);
        });
      } catch (e) {
        reject(e);
      }
    }).catch((e: unknown) => {
      throw toReadError(e);
    });
    try {
      const total = file.sliceCount;
      const parts: Uint8Array[] = [];
      let size = 0;
      for (let i = 0; i < total; i++) {
        if (signal?.aborted) throw new ReadCancelled();
        const slice = await new Promise<Office.Slice>((resolve, reject) => {
          file.getSliceAsync(i, (r) => (String(r.status) === SUCCEEDED ? resolve(r.value) : reject(r.error)));
        });
        const bytes = sliceBytes(slice.data);
        parts.push(bytes);
        size += bytes.length;
        onProgress?.(i + 1, total);
      }
      if (total === 0 || (typeof file.size === 'number' && file.size > 0 && size !== file.size)) {
        throw new FileReadError(`${READ_ERRORS.incomplete} (Chi tiết kỹ thuật: ${size}/${file.size} byte)`, false);
      }
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
      return { bytes, name: fileNameOf(ctx.document.url), slices: total };
    } catch (e) {
      if (e instanceof ReadCancelled) throw e;
      throw toReadError(e);
    } finally {
      await closeQuietly(file);
    }
  }

  return { canReadFile: supported, support, readWorkbookFile };
}
