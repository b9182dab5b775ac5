/**
 * A small tar (POSIX pax/ustar) writer and reader for the backups: regular files and folders only,
 * names of any length and any letters (pax `path` records, UTF-8), sizes past 8 GiB (pax `size`).
 * The archive opens with any tar (`tar -tzf`, `tar -xzf`, 7-Zip), so an IT officer can look inside
 * without the program; the reader here takes only what the writer makes and refuses the rest (links,
 * devices, names that climb out of the folder), so a restore never writes outside its folder.
 */
const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777; // 11 octal digits: 8 GiB - 1

export type TarType = 'file' | 'dir';

export interface TarHeader {
  /** Relative, with '/' between folders, no leading '/', no '..'. */
  name: string;
  type: TarType;
  size: number;
  /** Permission bits (0o644, 0o444 for kept originals, 0o755 for folders). */
  mode: number;
  /** Seconds since 1970. */
  mtime: number;
}

export class TarError extends Error {
  constructor(
    message: string,
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'TarError';
  }
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function ustar(name: string, type: string, size: number, mode: number, mtime: number): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(name, 0, 100, 'utf8');
  b.write(octal(mode & 0o7777, 8), 100, 8, 'ascii');
  b.write(octal(0, 8), 108, 8, 'ascii'); // uid
  b.write(octal(0, 8), 116, 8, 'ascii'); // gid
  b.write(octal(size, 12), 124, 12, 'ascii');
  b.write(octal(Math.max(0, Math.floor(mtime)), 12), 136, 12, 'ascii');
  b.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  b.write(type, 156, 1, 'ascii');
  b.write('ustar\0', 257, 6, 'ascii');
  b.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return b;
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest ? BLOCK - rest : 0);
}

/** One pax record: "<length> <key>=<value>\n", the length counting itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  let len = bodyBytes + String(bodyBytes).length;
  if (String(len).length !== String(len - bodyBytes).length) len = bodyBytes + String(len).length;
  return `${len}${body}`;
}

function checkName(name: string): void {
  if (!name || name.startsWith('/') || name.split('/').some((p) => p === '..' || p === '') || name.includes('\0') || name.includes('\\')) {
    throw new TarError(`tên không hợp lệ trong tệp lưu: “${name}”`, name);
  }
}

/** The header blocks of one entry (a pax header first when the name or size needs one). */
export function tarHeader(h: TarHeader): Buffer {
  checkName(h.name);
  const name = h.type === 'dir' ? `${h.name}/` : h.name;
  const size = h.type === 'dir' ? 0 : h.size;
  const needsPath = Buffer.byteLength(name, 'utf8') > 99 || /[^\x20-\x7e]/.test(name);
  const needsSize = size > MAX_OCTAL_SIZE;
  const parts: Buffer[] = [];
  if (needsPath || needsSize) {
    const records = Buffer.from((needsPath ? paxRecord('path', name) : '') + (needsSize ? paxRecord('size', String(size)) : ''), 'utf8');
    parts.push(ustar('PaxHeader', 'x', records.length, 0o644, h.mtime), records, padding(records.length));
  }
  const fallback = needsPath ? name.replace(/[^\x20-\x7e]/g, '_').slice(-99) : name;
  parts.push(ustar(fallback, h.type === 'dir' ? '5' : '0', needsSize ? 0 : size, h.mode, h.mtime));
  return Buffer.concat(parts);
}

/** What closes a file's data: zeros up to the next block. */
export function tarPadding(size: number): Buffer {
  return padding(size);
}

/** The end of an archive: two zero blocks. */
export function tarEnd(): Buffer {
  return Buffer.alloc(BLOCK * 2);
}

/** Where a read entry's data goes. */
export interface EntrySink {
  write(chunk: Buffer): Promise<void> | void;
  end(): Promise<void> | void;
}

function readOctal(b: Buffer, start: number, len: number): number {
  const text = b
    .toString('ascii', start, start + len)
    .replace(/\0.*$/s, '')
    .trim();
  if (!/^[0-7]*$/.test(text)) throw new TarError('phần đầu của một mục trong tệp lưu bị hỏng');
  return text ? parseInt(text, 8) : 0;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = Number(data.toString('ascii', i, space));
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length) throw new TarError('phần mở rộng (pax) của một mục trong tệp lưu bị hỏng');
    const record = data.toString('utf8', space + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

/**
 * Reads an archive from its (already decompressed) bytes, calling `onEntry` for each file or
 * folder; a file's data goes to the sink it returns. Anything but files and folders is refused.
 */
export async function readTar(source: AsyncIterable<Buffer | string>, onEntry: (h: TarHeader) => Promise<EntrySink | undefined>): Promise<void> {
  const chunks: Buffer[] = [];
  let buffered = 0;
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  const fill = async (n: number): Promise<boolean> => {
    while (buffered < n && !done) {
      const r = await iterator.next();
      if (r.done) done = true;
      else {
        const c = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
        chunks.push(c);
        buffered += c.length;
      }
    }
    return buffered >= n;
  };
  const take = (n: number): Buffer => {
    const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    chunks.length = 0;
    if (rest.length) chunks.push(rest);
    buffered = rest.length;
    return head;
  };
  /** Passes `size` bytes to `sink` (or drops them), then skips the padding. */
  const pipeData = async (size: number, sink: EntrySink | undefined, name: string) => {
    let left = size;
    while (left > 0) {
      if (!buffered && !(await fill(1))) throw new TarError('tệp lưu bị cắt cụt giữa chừng', name);
      const n = Math.min(left, buffered);
      const part = take(n);
      left -= n;
      if (sink) await sink.write(Buffer.from(part));
    }
    const pad = padding(size).length;
    if (pad && !(await fill(pad))) throw new TarError('tệp lưu bị cắt cụt giữa chừng', name);
    if (pad) take(pad);
    await sink?.end();
  };

  let pax: Record<string, string> = {};
  let last = '';
  for (;;) {
    if (!(await fill(BLOCK))) {
      if (buffered === 0 && last === '') throw new TarError('tệp lưu rỗng');
      throw new TarError('tệp lưu bị cắt cụt giữa chừng', last || undefined);
    }
    const h = take(BLOCK);
    if (h.every((x) => x === 0)) {
      // The end. What follows is read to its end too, so that the compression's own check runs.
      chunks.length = 0;
      while (!done) {
        const r = await iterator.next();
        if (r.done) done = true;
      }
      return;
    }
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    if (sum !== readOctal(h, 148, 8)) throw new TarError('phần đầu của một mục trong tệp lưu bị hỏng (sai tổng kiểm tra)', last || undefined);
    const type = String.fromCharCode(h[156] || 0x30);
    let size = readOctal(h, 124, 12);
    const mode = readOctal(h, 100, 8);
    const mtime = readOctal(h, 136, 12);
    if (type === 'x' || type === 'g') {
      if (size > 1024 * 1024) throw new TarError('phần mở rộng (pax) quá lớn', last || undefined);
      if (!(await fill(size + padding(size).length))) throw new TarError('tệp lưu bị cắt cụt giữa chừng', last || undefined);
      const data = Buffer.from(take(size));
      take(padding(size).length);
      if (type === 'x') pax = parsePax(data);
      continue;
    }
    const prefix = h.toString('utf8', 345, 500).replace(/\0.*$/s, '');
    let name = pax.path ?? (prefix ? `${prefix}/` : '') + h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    if (pax.size !== undefined) size = Number(pax.size);
    pax = {};
    const isDir = type === '5';
    if (isDir) name = name.replace(/\/+$/, '');
    checkName(name);
    last = name;
    if (type !== '0' && type !== '5') throw new TarError(`mục “${name}” không phải tệp hay thư mục thường (liên kết hoặc thiết bị): không khôi phục`, name);
    const header: TarHeader = { name, type: isDir ? 'dir' : 'file', size: isDir ? 0 : size, mode, mtime };
    const sink = await onEntry(header);
    if (!isDir) await pipeData(size, sink, name);
  }
}
