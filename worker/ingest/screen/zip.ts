/**
 * The zip container, read with bounded memory whatever the input: the central directory parsed by
 * hand (declared sizes checked against the limits before anything is inflated, overlapping
 * entries refused), then each entry inflated for real and checked to produce exactly what it
 * declared:
 *
 * - Deflated entries declaring up to WHOLE_INFLATE_MAX (8 MiB) — in practice every part of a real
 *   workbook — are inflated in one call, `zlib.inflateRawSync(data, { maxOutputLength: declared
 *   size })`: zlib stops with ERR_BUFFER_TOO_LARGE as soon as the output passes the declared size,
 *   so a lying bomb costs at most its declared size (≤ 8 MiB) of memory.
 * - Larger deflated entries (only in hostile files, or with the limits lifted) stream through
 *   fflate's `Inflate` in 4 KiB input slices, counting the output and aborting as soon as it passes
 *   the declared size; chunks are handed on and dropped (~6 ms per MiB).
 * - Stored entries are views on the submitted bytes (no copy).
 *
 * Why one zlib call per entry (measured on 500 benchmark submissions, typically 10 KB with 11 parts
 * and 40 KB of XML, 2-core machine): streaming every entry through fflate in 4 KiB slices cost
 * 1.1–1.4 ms per file, about half of the worker's CPU per file; one zlib call per entry brought
 * screening to 0.15–0.25 ms. A lying bomb declaring 4 KiB is rejected in ~3 ms.
 *
 * Every entry's CRC-32 is checked against the central directory's (authoritative: with flag bit 3
 * the local header holds zeros and the values follow the data; the local header's are not read),
 * with its uncompressed size, stored or deflated, whole or streamed (zlib.crc32, incremental over
 * streamed chunks): a file changed or damaged after it was saved is refused ('corrupt_zip',
 * “Tệp bị hỏng: …”) instead of being read with a changed figure. Cost (bench/read-memory.ts, 400
 * real submissions of 10.3 KB, 36 KB inflated each, compiled, 2-core machine under a load of ~4):
 * zlib.crc32 over every entry 0.017–0.024 ms per file; screening went from 0.126 to 0.144 ms per
 * file (fastest of 21 passes; medians 0.156 → 0.168 ms), i.e. +0.02 ms, about a tenth of screening.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { Inflate } from 'fflate';
import type { PartSource } from '../read/parts.ts';
import {
  errorText,
  formatBytes,
  formatMiB,
  MiB,
  reject,
  rejectBomb,
  rejectCorrupt,
  rejectDamaged,
  Rejection,
  SAVE_AS_XLSX,
  type ScreenLimits,
} from './common.ts';

/**
 * Deflated entries declaring at most this many bytes are inflated whole by zlib (into one
 * buffer of the declared size); larger ones are streamed. Bounds the memory of one entry.
 */
export const WHOLE_INFLATE_MAX = 8 * MiB;
/** Streaming: compressed bytes pushed into the inflater at a time; bounds one push's output to ~1032x this. */
const INFLATE_SLICE = 4096;

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  /**
   * The CRC-32 of the uncompressed content, from the central directory (authoritative: with flag
   * bit 3 the local header holds zeros and the real values follow the data in a descriptor).
   */
  crc: number;
  csize: number;
  usize: number;
  offset: number;
  /** Start of the compressed data (after the local header). */
  dataStart: number;
}

export function readCentralDirectory(bytes: Uint8Array, lim: Required<ScreenLimits>): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  // End of central directory: 22 bytes + comment (<= 65535), searched backwards.
  let eocd = -1;
  for (let p = len - 22; p >= Math.max(0, len - 22 - 0xffff); p--) {
    if (view.getUint32(p, true) === 0x06054b50 && p + 22 + view.getUint16(p + 20, true) <= len) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) rejectCorrupt('end of central directory record not found (truncated file?)');
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) rejectCorrupt('multi-disk (split) zip archive');
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // Zip64: locator right before the EOCD points to the zip64 EOCD record.
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== 0x07064b50) rejectCorrupt('zip64 values without a zip64 locator');
    const z64 = readU64(view, loc + 8);
    if (z64 + 56 > len || view.getUint32(z64, true) !== 0x06064b50) rejectCorrupt('zip64 end of central directory record not found');
    count = readU64(view, z64 + 32);
    cdSize = readU64(view, z64 + 40);
    cdOffset = readU64(view, z64 + 48);
  }
  if (count > lim.maxEntries) {
    rejectBomb(`${count} phần bên trong, giới hạn ${lim.maxEntries}`, `central directory declares ${count} entries, limit ${lim.maxEntries}`);
  }
  if (count === 0) reject('not_xlsx', `Tệp là một tệp nén ZIP rỗng, không chứa sổ làm việc Excel nào. ${SAVE_AS_XLSX}`, 'zip archive with 0 entries');
  if (cdOffset + cdSize > len) rejectCorrupt(`central directory (offset ${cdOffset}, size ${cdSize}) extends past the end of the file (${len} bytes)`);

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > len || view.getUint32(p, true) !== 0x02014b50) rejectCorrupt(`central directory entry ${i} is damaged`);
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let csize = view.getUint32(p + 20, true);
    let usize = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let offset = view.getUint32(p + 42, true);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > len) rejectCorrupt(`central directory entry ${i} extends past the end of the file`);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLen);
    const name = flags & 0x800 ? utf8(nameBytes) : latin1(nameBytes);
    if (usize === 0xffffffff || csize === 0xffffffff || offset === 0xffffffff) {
      // Zip64 extended information extra field (id 1): only the saturated fields, in order.
      let q = p + 46 + nameLen;
      const end = q + extraLen;
      let found = false;
      while (q + 4 <= end) {
        const id = view.getUint16(q, true);
        const size = view.getUint16(q + 2, true);
        if (id === 1) {
          let r = q + 4;
          const take = () => {
            if (r + 8 > q + 4 + size) rejectCorrupt(`entry ${name}: short zip64 extra field`);
            const v = readU64(view, r);
            r += 8;
            return v;
          };
          if (usize === 0xffffffff) usize = take();
          if (csize === 0xffffffff) csize = take();
          if (offset === 0xffffffff) offset = take();
          found = true;
          break;
        }
        q += 4 + size;
      }
      if (!found) rejectCorrupt(`entry ${name}: saturated sizes without zip64 extra field`);
    }
    // Local header: must be where the directory says, with the same name and method.
    if (offset + 30 > len || view.getUint32(offset, true) !== 0x04034b50) rejectCorrupt(`entry ${name}: local header missing at offset ${offset}`);
    const localNameLen = view.getUint16(offset + 26, true);
    const localExtraLen = view.getUint16(offset + 28, true);
    if (localNameLen !== nameLen || !sameBytes(bytes.subarray(offset + 30, offset + 30 + nameLen), nameBytes)) {
      rejectCorrupt(`entry ${name}: local header name differs from the central directory`);
    }
    if (view.getUint16(offset + 8, true) !== method) rejectCorrupt(`entry ${name}: local header compression method differs from the central directory`);
    const dataStart = offset + 30 + localNameLen + localExtraLen;
    if (dataStart + csize > len) rejectCorrupt(`entry ${name}: compressed data (${csize} bytes at ${dataStart}) extends past the end of the file`);
    entries.push({ name, flags, method, crc, csize, usize, offset, dataStart });
    p = next;
  }

  // Entries must not overlap each other or the central directory (the overlapping-entry
  // "non-recursive" zip bomb reuses one compressed kernel for many entries).
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    const limit = i + 1 < sorted.length ? sorted[i + 1].offset : cdOffset;
    if (e.dataStart + e.csize > limit) {
      if (i + 1 < sorted.length) {
        rejectBomb('các phần bên trong chồng lấn lên nhau', `entry ${e.name} overlaps entry ${sorted[i + 1].name}`);
      }
      rejectCorrupt(`entry ${e.name} overlaps the central directory`);
    }
  }
  return entries;
}

/**
 * The whole content of a stored entry (a view on `bytes`) or of a deflated entry declaring at
 * most WHOLE_INFLATE_MAX bytes (inflated by zlib, never past the declared size), checked to
 * be exactly the declared size with the declared CRC-32. Undefined for larger deflated entries:
 * stream those. `whatVi` names the part for the department when its CRC is wrong (see
 * rejectDamaged).
 */
export function wholeEntry(bytes: Uint8Array, e: ZipEntry, whatVi?: string): Uint8Array | undefined {
  const data = bytes.subarray(e.dataStart, e.dataStart + e.csize);
  if (e.method === 0) {
    // csize === usize was checked with the declared sizes
    checkCrc(e, crc32(data), whatVi);
    return data;
  }
  if (e.usize > WHOLE_INFLATE_MAX) return undefined;
  let out: Uint8Array;
  if (data.length === 0) {
    out = data; // no deflate data at all reads as empty (as fflate does); checked against usize below
  } else {
    try {
      // maxOutputLength must be >= 1; one output buffer of usize + 1 bytes means no
      // concatenation for an honest entry, and a liar fills it and is stopped right there.
      const max = Math.max(1, e.usize);
      out = inflateRawSync(data, { maxOutputLength: max, chunkSize: Math.max(64, max + 1) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') lyingEntry(e);
      rejectDamaged('inflate', whatVi, `entry ${e.name}: deflate data is damaged (${errorText(err)})`);
    }
  }
  if (out.length > e.usize) lyingEntry(e);
  if (out.length !== e.usize) rejectCorrupt(`entry ${e.name}: declares ${e.usize} bytes uncompressed but inflates to ${out.length}`);
  checkCrc(e, crc32(out), whatVi);
  return out;
}

function checkCrc(e: ZipEntry, actual: number, whatVi: string | undefined): void {
  if (actual !== e.crc) {
    rejectDamaged('crc', whatVi, `entry ${e.name}: CRC-32 of the content is ${hex(actual)}, the central directory says ${hex(e.crc)}`);
  }
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

function lyingEntry(e: ZipEntry): never {
  rejectBomb(
    `một phần bên trong khai báo ${formatBytes(e.usize)} nhưng giải nén ra nhiều hơn`,
    `entry ${e.name} declares ${e.usize} bytes but inflates to more (zlib stopped at maxOutputLength)`,
  );
}

/**
 * Streams one entry, counting the real output and aborting as soon as it exceeds the declared
 * size (a lying bomb) or the limits; its CRC-32 is computed as it goes (zlib.crc32 is
 * incremental) and checked at the end, with its size. Chunks go to `sink` and are then dropped:
 * a sink sees the content before the CRC is known, so whatever it builds must wait for this
 * function to return. Deflated entries go through fflate in 4 KiB input slices; stored ones are
 * handed on in slices of the file's own bytes. Returns the actual uncompressed size.
 */
export function streamEntry(
  bytes: Uint8Array,
  e: ZipEntry,
  lim: Required<ScreenLimits>,
  totalSoFar: number,
  sink?: (chunk: Uint8Array) => void,
  whatVi?: string,
): number {
  const data = bytes.subarray(e.dataStart, e.dataStart + e.csize);
  let out = 0;
  let crc = 0;
  let sinkError: unknown;
  const take = (chunk: Uint8Array) => {
    out += chunk.length;
    if (out > e.usize) {
      rejectBomb(
        `một phần bên trong khai báo ${formatBytes(e.usize)} nhưng giải nén ra nhiều hơn`,
        `entry ${e.name} declares ${e.usize} bytes but inflates to more than ${out} (streaming count; aborted)`,
      );
    }
    if (out > lim.maxEntryBytes || totalSoFar + out > lim.maxTotalBytes) {
      rejectBomb(`vượt giới hạn ${formatMiB(Math.min(lim.maxEntryBytes, lim.maxTotalBytes))}`, `entry ${e.name}: streaming count passed the limits`);
    }
    crc = crc32(chunk, crc);
    if (sink && chunk.length) {
      try {
        sink(chunk);
      } catch (err) {
        sinkError = err; // the reader's own error (its XML parser, its checks): passed on as it is
        throw err;
      }
    }
  };
  if (e.method === 0) {
    for (let p = 0; p < data.length; p += STORED_SLICE) take(data.subarray(p, Math.min(p + STORED_SLICE, data.length)));
  } else {
    const inflater = new Inflate((chunk) => take(chunk));
    try {
      for (let p = 0; p < data.length; p += INFLATE_SLICE) inflater.push(data.subarray(p, Math.min(p + INFLATE_SLICE, data.length)), false);
      inflater.push(new Uint8Array(0), true);
    } catch (err) {
      if (err instanceof Rejection || (sinkError !== undefined && err === sinkError)) throw err;
      rejectDamaged('inflate', whatVi, `entry ${e.name}: deflate data is damaged (${errorText(err)})`);
    }
  }
  if (out !== e.usize) rejectCorrupt(`entry ${e.name}: declares ${e.usize} bytes uncompressed but inflates to ${out}`);
  checkCrc(e, crc, whatVi);
  return out;
}

/** A zip's entries as a PartSource, straight from its bytes (no limits but the declared sizes). */
export function zipSourceOf(bytes: Uint8Array): PartSource {
  return zipPartSource(bytes, readCentralDirectory(bytes, LIFTED));
}

const LIFTED: Required<ScreenLimits> = {
  maxFileBytes: Infinity,
  maxEntryBytes: Infinity,
  maxTotalBytes: Infinity,
  maxEntries: Infinity,
  maxValidationCells: Infinity,
  maxCompressionRatio: Infinity,
  compressionRatioMinBytes: Infinity,
};

/** Stored entries streamed to a reader: slices of this many bytes. */
const STORED_SLICE = 1 * MiB;

/**
 * The entries of a zip as a reader's PartSource: the parts screening kept (already checked), the
 * others inflated whole when they are small (≤ `wholeMax`) or streamed, each checked (size and
 * CRC-32) as above. The limits are not applied again (screening has), only the declared sizes.
 */
export function zipPartSource(
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  kept: ReadonlyMap<string, Uint8Array> = new Map(),
  whatVi: (name: string) => string | undefined = () => undefined,
  wholeMax = WHOLE_INFLATE_MAX,
): PartSource {
  const byName = new Map(entries.map((e) => [e.name, e]));
  return {
    has: (name) => byName.has(name),
    size: (name) => byName.get(name)?.usize,
    whole(name) {
      const k = kept.get(name);
      if (k) return k;
      const e = byName.get(name);
      if (!e || e.usize > wholeMax) return undefined;
      return wholeEntry(bytes, e, whatVi(name));
    },
    stream(name, sink) {
      const e = byName.get(name);
      if (e) streamEntry(bytes, e, LIFTED, 0, sink, whatVi(name));
    },
  };
}

export function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  if (bytes.length < sig.length) return false;
  return sig.every((b, i) => bytes[i] === b);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function readU64(view: DataView, p: number): number {
  const v = view.getUint32(p, true) + view.getUint32(p + 4, true) * 0x1_0000_0000;
  if (!Number.isSafeInteger(v)) rejectCorrupt(`64-bit value at ${p} is out of range`);
  return v;
}

/** Joins byte chunks (the one chunk itself when there is only one). */
export function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

export function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

const UTF8 = new TextDecoder('utf-8');
export function utf8(b: Uint8Array): string {
  return UTF8.decode(b);
}
