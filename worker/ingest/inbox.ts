/**
 * The inbox folder: departments (or the planning office for them) drop workbooks here. Each file
 * is taken once it has settled, ingested, then moved out: accepted → processed/, rejected →
 * rejected/ with a Vietnamese report beside it. One bad file never stops the others.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { describeProblem } from '../submission.ts';
import type { SubmissionRecord } from '../ledger.ts';
import { ingest, writeFileAtomic, type IngestContext, type IngestOutcome } from './ingest.ts';

export interface InboxPaths { inbox: string; processed: string; rejected: string }

export interface InboxItem { file: string; size: number; mtimeMs: number }

/** Files ready to take: not Excel lock files (~$…), not hidden or temporary, settled. */
export function listInbox(inbox: string, settleMs: number, now = Date.now()): InboxItem[] {
  if (!existsSync(inbox)) return [];
  const items: InboxItem[] = [];
  for (const name of readdirSync(inbox).sort()) {
    if (name.startsWith('~$') || name.startsWith('.') || name.endsWith('.tmp') || name.endsWith('.part') || name.endsWith('.crdownload')) continue;
    const file = path.join(inbox, name);
    let st;
    try {
      st = statSync(file);
    } catch {
      continue; // gone meanwhile
    }
    if (!st.isFile()) continue;
    if (now - st.mtimeMs < settleMs) continue; // still being written
    items.push({ file, size: st.size, mtimeMs: st.mtimeMs });
  }
  return items;
}

function stamp(iso: string): string {
  return iso.replace(/[:.]/g, '-');
}

/** Moves a file out of the inbox under a name that cannot collide. */
function moveOut(file: string, dir: string, receivedAt: string, hash: string): string {
  mkdirSync(dir, { recursive: true });
  const dest = path.join(dir, `${stamp(receivedAt)}_${hash.slice(0, 8)}_${path.basename(file)}`);
  try {
    renameSync(file, dest);
  } catch {
    copyFileSync(file, dest); // across devices
  }
  return dest;
}

/** The Vietnamese report written beside a rejected file. */
export function rejectionReport(rec: SubmissionRecord, duplicateOf?: SubmissionRecord): string {
  const lines = [
    'BÁO CÁO KIỂM TRA TỆP NỘP',
    `Tệp: ${rec.fileName}`,
    `Thời điểm nhận: ${rec.receivedAt}`,
    `Mã SHA-256: ${rec.sha256}`,
    rec.unit ? `Đơn vị: ${rec.unit}` : '',
    '',
    duplicateOf ? `Tệp này giống hệt tệp đã nộp lúc ${duplicateOf.receivedAt}; kết quả lần đó:` : 'Kết quả: KHÔNG ĐƯỢC CHẤP NHẬN. Các lỗi cần sửa:',
    ...rec.problems.map((p, i) => `${i + 1}. ${describeProblem(rec.fileName, p)}`),
    '',
    'Cách khắc phục: mở tệp, sửa các ô nêu trên (ô màu vàng là ô nhập), lưu lại dạng .xlsx rồi nộp lại vào thư mục nộp báo cáo hoặc bấm “Nộp báo cáo” trong phần bổ trợ. Tệp gốc đã được lưu trữ, không bị mất.',
  ];
  return `${lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n')}\n`;
}

async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export interface InboxRunResult { outcomes: (IngestOutcome & { file: string })[]; errors: { file: string; error: string }[] }

/** Takes every settled file of the inbox, one at a time; `onProgress` reports n of total. */
export async function processInbox(
  ctx: IngestContext, paths: InboxPaths, settleMs: number, log: Logger,
  opts: { now?: () => string; onProgress?: (done: number, total: number) => void; shouldStop?: () => boolean } = {},
): Promise<InboxRunResult> {
  const now = opts.now ?? (() => new Date().toISOString());
  const items = listInbox(paths.inbox, settleMs);
  const result: InboxRunResult = { outcomes: [], errors: [] };
  let done = 0;
  for (const item of items) {
    if (opts.shouldStop?.()) break;
    const receivedAt = now();
    try {
      let outcome: IngestOutcome;
      if (item.size > ctx.maxFileBytes) {
        // Too big to read into memory: hash and archive by streaming, record the rejection.
        const hash = await hashFile(item.file);
        const seen = ctx.ledger.bySha(hash);
        if (seen) outcome = { record: seen, duplicate: true };
        else {
          const archivePath = path.join(ctx.archiveDir, hash.slice(0, 2), `${hash}.bin`);
          if (!existsSync(archivePath)) {
            mkdirSync(path.dirname(archivePath), { recursive: true });
            copyFileSync(item.file, archivePath);
            chmodSync(archivePath, 0o444);
          }
          const rec = ctx.ledger.insert({
            sha256: hash, fileName: path.basename(item.file), source: 'inbox', receivedAt, size: item.size, archivePath,
            unit: null, period: null, status: 'rejected', warnings: [], planEdits: [], rows: null,
            problems: [{ message: `Tệp quá lớn (${(item.size / 1048576).toFixed(1)} MB, tối đa ${(ctx.maxFileBytes / 1048576).toFixed(0)} MB). Biểu mẫu Phụ lục 1 chỉ vài chục KB: hãy dùng biểu mẫu gốc, không chèn ảnh hay dữ liệu khác.` }],
          });
          outcome = { record: rec, duplicate: false };
        }
      } else {
        const bytes = readFileSync(item.file);
        outcome = ingest(ctx, { bytes, fileName: path.basename(item.file), source: 'inbox', receivedAt });
      }
      const rec = outcome.record;
      if (rec.status === 'accepted') {
        moveOut(item.file, paths.processed, receivedAt, rec.sha256);
      } else {
        const dest = moveOut(item.file, paths.rejected, receivedAt, rec.sha256);
        writeFileAtomic(`${dest}.loi.txt`, rejectionReport(rec, outcome.duplicate ? rec : undefined));
      }
      log.info({ file: path.basename(item.file), unit: rec.unit, status: rec.status, duplicate: outcome.duplicate, sha256: rec.sha256 }, 'ingested');
      result.outcomes.push({ ...outcome, file: item.file });
    } catch (e) {
      // Never let one file stop the run: it stays in the inbox and is retried next run.
      log.error({ file: item.file, err: e }, 'ingest failed');
      result.errors.push({ file: item.file, error: (e as Error).message });
    }
    opts.onProgress?.(++done, items.length);
  }
  return result;
}
