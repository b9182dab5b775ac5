/**
 * A stand-in for the part of `Office.context` that officeSubmitter() uses: getFileAsync over
 * given bytes, cut into slices like Office does, with failures on demand. It records what the
 * adapter did (requested slice size, slices read, files still open) so tests can check that every
 * file is closed. Used by tests/addin/submit.test.ts and by the browser harness (harness.tsx).
 */
import type { OfficeFileContext } from '../../../addin/office/submitter.ts';

export interface FakeFileOptions {
  /** The workbook's bytes. */
  bytes: Uint8Array;
  /** Slice length the fake cuts with (default: the size the adapter asks for). */
  sliceSize?: number;
  /** Answer for isSetSupported('File', '1.1'). */
  supported?: boolean;
  /** Answer for isSetSupported('CompressedFile', '1.1') (default: as `supported`); false as on Excel on the web. */
  compressedSupported?: boolean;
  /** getFileAsync fails with this Office error (or throws it when `throws`). */
  openError?: { code: number; name: string; message: string; throws?: boolean };
  /** getSliceAsync(n) fails for this index. */
  failSlice?: number;
  /** Office.context.document.url. */
  url?: string;
  /** Simulated delay per call, in ms. */
  latencyMs?: number;
  /** Hand slices over as number[] (Office's usual form) or as Uint8Array. */
  sliceData?: 'array' | 'uint8';
}

export interface FakeFileLog {
  requestedSliceSize: number | undefined;
  requestedType: string | undefined;
  slicesRead: number[];
  opened: number;
  closed: number;
  /** Files opened and not closed yet (Office allows two). */
  readonly open: number;
}

type Callback<T> = (r: { status: string; value: T; error?: unknown }) => void;

export function fakeOfficeFileContext(opts: FakeFileOptions): { ctx: OfficeFileContext; log: FakeFileLog } {
  const log: FakeFileLog = {
    requestedSliceSize: undefined,
    requestedType: undefined,
    slicesRead: [],
    opened: 0,
    closed: 0,
    get open() {
      return this.opened - this.closed;
    },
  };
  const later = (fn: () => void) => setTimeout(fn, opts.latencyMs ?? 0);
  const ok = <T>(cb: Callback<T>, value: T) => later(() => cb({ status: 'succeeded', value }));
  const fail = (cb: Callback<never>, error: unknown) => later(() => cb({ status: 'failed', value: undefined as never, error }));

  const getFileAsync = ((type: unknown, options: { sliceSize?: number } | undefined, callback: Callback<unknown>) => {
    log.requestedType = String(type);
    log.requestedSliceSize = options?.sliceSize;
    if (opts.openError?.throws) throw Object.assign(new Error(opts.openError.message), opts.openError);
    if (opts.openError) return fail(callback, opts.openError);
    if (log.open >= 2) return fail(callback, { code: 5001, name: 'Internal Error', message: 'Too many files are open.' });
    const size = opts.sliceSize ?? options?.sliceSize ?? 4 * 1024 * 1024;
    const { bytes } = opts;
    const count = Math.max(1, Math.ceil(bytes.length / size));
    let closed = false;
    log.opened++;
    const file = {
      size: bytes.length,
      sliceCount: count,
      getSliceAsync(index: number, cb: Callback<unknown>) {
        if (closed) return fail(cb, { code: 5001, name: 'Internal Error', message: 'The file is closed.' });
        if (index === opts.failSlice) return fail(cb, { code: 5001, name: 'Internal Error', message: 'An internal error has occurred.' });
        if (index < 0 || index >= count) return fail(cb, { code: 5001, name: 'Internal Error', message: 'Slice out of range.' });
        log.slicesRead.push(index);
        const part = bytes.subarray(index * size, Math.min(bytes.length, (index + 1) * size));
        ok(cb, { index, size: part.length, data: opts.sliceData === 'uint8' ? part.slice() : Array.from(part) });
      },
      closeAsync(cb?: Callback<void>) {
        if (!closed) {
          closed = true;
          log.closed++;
        }
        if (cb) ok(cb, undefined);
      },
    };
    ok(callback, file);
  }) as unknown as Office.Document['getFileAsync'];

  const ctx: OfficeFileContext = {
    document: { url: opts.url ?? null, getFileAsync },
    requirements: {
      isSetSupported: (name: string) => {
        if (name === 'File') return opts.supported ?? true;
        if (name === 'CompressedFile') return opts.compressedSupported ?? opts.supported ?? true;
        return true;
      },
    },
  };
  return { ctx, log };
}
