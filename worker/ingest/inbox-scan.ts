/**
 * Looking at the shared inbox folder without touching it: which entries are settled files to take,
 * which are still being written, which are left there (with why), which are refused. Never follows
 * a link. Light on purpose: `phuluc status` uses it.
 */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface InboxItem {
  file: string;
  name: string;
  size: number;
  mtimeMs: number;
}

/** Something in the inbox the worker does not take, and why (Vietnamese). */
export interface InboxNote {
  name: string;
  reason: string;
}

export interface InboxScan {
  /** Settled regular files, in name order. */
  ready: InboxItem[];
  /** Regular files still being written (changed within the settle time). */
  settling: InboxItem[];
  /** Left where they are, with the reason: Excel lock files, hidden or temporary files, folders. */
  skipped: InboxNote[];
  /** Not regular files (links, devices …): refused, never followed. */
  refused: InboxNote[];
}

function skipReason(name: string): string | undefined {
  if (name.startsWith('~$')) return 'tệp khoá của Excel (tạo ra khi tệp đang mở; tự mất khi đóng Excel)';
  if (name.startsWith('.')) return 'tệp ẩn';
  if (/\.(tmp|part|crdownload)$/i.test(name)) return 'tệp tạm đang được sao chép hoặc tải về';
  if (/\.loi\.txt$/i.test(name)) return 'báo cáo kiểm tra của hệ thống, không phải tệp nộp';
  return undefined;
}

/** Looks at every entry of the inbox without following links. */
export function scanInbox(inbox: string, settleMs: number, now = Date.now()): InboxScan {
  const scan: InboxScan = { ready: [], settling: [], skipped: [], refused: [] };
  let names: string[];
  try {
    names = readdirSync(inbox).sort();
  } catch {
    return scan;
  }
  for (const name of names) {
    const file = path.join(inbox, name);
    let st;
    try {
      st = lstatSync(file);
    } catch {
      continue; // gone meanwhile
    }
    if (st.isSymbolicLink()) {
      scan.refused.push({ name, reason: 'Đây là lối tắt (liên kết) tới một tệp khác, không phải tệp biểu mẫu; hệ thống không mở liên kết.' });
      continue;
    }
    if (st.isDirectory()) {
      if (!name.startsWith('.')) scan.skipped.push({ name, reason: 'thư mục con (hệ thống chỉ nhận tệp đặt trực tiếp trong thư mục nộp báo cáo chung)' });
      continue;
    }
    if (!st.isFile()) {
      scan.refused.push({ name, reason: 'Đây không phải một tệp thông thường (thiết bị, đường ống …); hệ thống không đọc mục này.' });
      continue;
    }
    const skip = skipReason(name);
    if (skip) {
      scan.skipped.push({ name, reason: skip });
      continue;
    }
    const item = { file, name, size: st.size, mtimeMs: st.mtimeMs };
    // Still being written? (With settleMs 0 every file is taken: mtime has sub-millisecond precision,
    // Date.now() has not, so a file written this very millisecond would look like the future.)
    if (settleMs > 0 && now - st.mtimeMs < settleMs) scan.settling.push(item);
    else scan.ready.push(item);
  }
  return scan;
}

/**
 * Waits for files still being written: re-looks until each has been unchanged for the settle time,
 * at most `maxWaitMs` in all. Returns the final scan (files still changing stay in `settling`).
 */
export async function scanSettled(inbox: string, settleMs: number, maxWaitMs: number): Promise<InboxScan> {
  const end = Date.now() + maxWaitMs;
  let scan = scanInbox(inbox, settleMs);
  while (scan.settling.length && Date.now() < end) {
    const youngest = Math.max(...scan.settling.map((i) => i.mtimeMs));
    const wait = Math.min(Math.max(50, youngest + settleMs - Date.now() + 20), end - Date.now());
    await new Promise((r) => setTimeout(r, Math.max(0, wait)));
    scan = scanInbox(inbox, settleMs);
  }
  return scan;
}
