/**
 * The folder route's answer to a review: a department that saved its file into the shared folder
 * finds, beside it among the files taken (processed/), a text file saying whether the planning
 * office returned it (with the note and the comments, cell by cell) or approved it — as the
 * `.loi.txt` beside a rejected file says what to fix. One file per submission, rewritten with the
 * latest result.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { findUnit, indicatorLabel, type Catalog } from '../../shared/catalog.ts';
import { formatTimeVi } from '../../shared/format.ts';
import type { ReviewRecord, SubmissionRecord } from '../ledger/contract.ts';
import { writeFileAtomic } from '../store.ts';

export const REPLY_SUFFIX = '.phan-hoi.txt';

export function replyText(catalog: Catalog, periodHeader: string, rec: SubmissionRecord, action: ReviewRecord): string {
  const unit = rec.unit ? (findUnit(catalog, rec.unit)?.name ?? '') : '';
  const byCode = new Map(catalog.indicators.map((i) => [i.code, i]));
  const head = [
    'KẾT QUẢ XEM XÉT BÁO CÁO',
    `Đơn vị báo cáo: ${unit}`,
    `Kỳ báo cáo: ${periodHeader}`,
    `Tệp: ${rec.fileName}, nộp lúc ${formatTimeVi(rec.receivedAt)}`,
    '',
  ];
  let body: string[];
  if (action.action === 'approve') {
    body = [
      `Kết quả: Phòng Tài chính - Kế hoạch đã duyệt báo cáo lúc ${formatTimeVi(action.at)}.`,
      'Số liệu của đơn vị đã được đưa vào phụ lục. Nếu cần sửa, hãy liên hệ Phòng Tài chính - Kế hoạch để mở lại trước khi nộp lại.',
    ];
  } else if (action.action === 'return') {
    body = [
      `Kết quả: Phòng Tài chính - Kế hoạch trả lại báo cáo lúc ${formatTimeVi(action.at)}.`,
      ...(action.note ? ['', `Ghi chú: ${action.note}`] : []),
      ...(action.comments.length ? ['', 'Ý kiến từng chỉ tiêu:'] : []),
      ...action.comments.map((c, i) => {
        const ind = byCode.get(c.indicator);
        return `${i + 1}. ${ind ? indicatorLabel(ind) : 'Ý kiến chung'}${c.cell ? `, ô ${c.cell}` : ''}: ${c.text}`;
      }),
      '',
      'Cách khắc phục: mở tệp biểu mẫu, sửa theo ý kiến nêu trên, lưu lại dạng .xlsx rồi nộp lại vào thư mục nộp báo cáo chung hoặc bấm “Nộp báo cáo” trong phần bổ trợ.',
    ];
  } else {
    body = [
      `Kết quả: Phòng Tài chính - Kế hoạch đã mở lại báo cáo lúc ${formatTimeVi(action.at)} để xem xét lại.`,
      'Đơn vị có thể nộp lại nếu cần sửa số liệu; nếu không, hãy chờ kết quả duyệt.',
    ];
  }
  return `${[...head, ...body, '', `Mã nhận dạng tệp (để tra cứu khi cần): ${rec.sha256}`].join('\n')}\n`;
}

/**
 * Where the inbox moved the department's file (processed/<time>_<first 8 of the hash>_<name>), or
 * undefined when it is not there (sent over HTTP, or moved away by someone).
 */
export function findTakenFile(processedDir: string, rec: SubmissionRecord): string | undefined {
  if (rec.source !== 'inbox') return undefined;
  const prefix = `${rec.receivedAt.replace(/[:.]/g, '-')}_${rec.sha256.slice(0, 8)}_`;
  let names: string[];
  try {
    names = readdirSync(processedDir);
  } catch {
    return undefined;
  }
  const name = names.find((n) => n.startsWith(prefix) && !n.endsWith('.txt'));
  return name ? path.join(processedDir, name) : undefined;
}

/** Writes (or rewrites) the reply beside the department's file; returns where, or undefined. */
export function writeReply(processedDir: string, catalog: Catalog, periodHeader: string, rec: SubmissionRecord, action: ReviewRecord): string | undefined {
  const taken = findTakenFile(processedDir, rec);
  if (!taken) return undefined;
  const file = `${taken}${REPLY_SUFFIX}`;
  writeFileAtomic(file, replyText(catalog, periodHeader, rec, action));
  return file;
}
