/**
 * What `phuluc start` prints: one Vietnamese line per event, in Vietnam time —
 * “17:05 ngày 07/12/2026 — Đã nhận 3 tệp: 3 hợp lệ.” — made from the service's own log records
 * (a pino stream: the service, the intake and the console log as before, and this reads them), so
 * that no part of the worker needs to know a terminal is watching. Records it has no sentence for
 * print nothing, except errors, which point to the log file. No English and no internal word reaches
 * the screen: only the sentences here, and messages the worker already wrote for people (UserError).
 */
import path from 'node:path';
import { findUnit, type Catalog } from '../shared/catalog.ts';
import { formatTimeVi } from '../shared/format.ts';
import { ENROL_PATH, INTAKE_PATH } from '../shared/intake.ts';
import { sizeVi } from './backup.ts';

interface LogRecord {
  level: number;
  time: string;
  msg?: string;
  reqId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  err?: { type?: string; message?: string };
  [k: string]: unknown;
}

const ACTION: Record<string, string> = { approve: 'duyệt', return: 'trả lại', reopen: 'mở lại' };
const UPLOAD: Record<number, string> = {
  201: 'hợp lệ',
  200: 'trùng với tệp đã nhận trước đó',
  422: 'không hợp lệ',
  403: 'là tệp của đơn vị khác, bị từ chối',
  415: 'không phải sổ làm việc Excel (.xlsx), bị từ chối',
  413: 'quá lớn, bị từ chối',
};
/** Errors whose message was written for people (worker/errors.ts UserError and its kin). */
const FOR_PEOPLE = new Set(['UserError', 'ConfigError']);

export class EventLines {
  private tally = { accepted: 0, rejected: 0, duplicate: 0 };
  private uploads = new Map<string, string>();

  constructor(
    private readonly catalog: Catalog,
    private readonly logFile: string,
    private readonly print: (line: string) => void,
  ) {}

  private unitName(code: unknown): string {
    return typeof code === 'string' ? (findUnit(this.catalog, code)?.name ?? code) : 'một đơn vị';
  }

  private say(r: LogRecord, text: string): void {
    this.print(`${formatTimeVi(r.time)} — ${text}`);
  }

  private detail(r: LogRecord): string {
    return r.err?.type && FOR_PEOPLE.has(r.err.type) && r.err.message ? r.err.message : `Chi tiết trong nhật ký ${this.logFile}.`;
  }

  /** The pino stream's entry point: one JSON line. */
  write(line: string): void {
    let r: LogRecord;
    try {
      r = JSON.parse(line) as LogRecord;
    } catch {
      return;
    }
    try {
      this.record(r);
    } catch {
      // a record of an unexpected shape prints nothing; it is in the log file all the same
    }
  }

  private record(r: LogRecord): void {
    switch (r.msg) {
      case 'ingested':
        if (r.duplicate) this.tally.duplicate++;
        else if (r.status === 'accepted') this.tally.accepted++;
        else this.tally.rejected++;
        return;
      case 'run finished': {
        const t = this.tally;
        this.tally = { accepted: 0, rejected: 0, duplicate: 0 };
        const files = Number(r.files) || 0;
        const errors = Number(r.errors) || 0;
        if (files > 0) {
          const parts = [
            ...(t.accepted ? [`${t.accepted} hợp lệ`] : []),
            ...(t.rejected ? [`${t.rejected} không hợp lệ`] : []),
            ...(t.duplicate ? [`${t.duplicate} trùng với tệp đã nhận trước đó`] : []),
          ];
          this.say(r, `Đã nhận ${files} tệp${parts.length ? `: ${parts.join(', ')}` : ''}.`);
        }
        if (errors > 0)
          this.say(
            r,
            `${errors} tệp chưa nhận được vì lỗi của hệ thống; tệp vẫn nằm trong thư mục nộp báo cáo chung và sẽ được nhận lại ở lượt sau. Chi tiết trong nhật ký ${this.logFile}.`,
          );
        if (r.changed) this.say(r, `Đã ghi phụ lục mới: ${String(r.file)}`);
        return;
      }
      case 'incoming request':
        if (r.req?.method === 'POST' && r.reqId && (r.req.url === INTAKE_PATH || r.req.url === ENROL_PATH)) this.uploads.set(r.reqId, r.req.url);
        if (this.uploads.size > 1000) this.uploads.clear();
        return;
      case 'request completed': {
        const url = r.reqId ? this.uploads.get(r.reqId) : undefined;
        if (!url) return;
        this.uploads.delete(r.reqId!);
        const status = r.res?.statusCode ?? 0;
        if (url === ENROL_PATH) {
          if (status === 201) this.say(r, 'Một đơn vị đã đăng ký nộp báo cáo qua mạng bằng mã đăng ký.');
          return;
        }
        const what = UPLOAD[status];
        if (what) this.say(r, `Nhận 1 tệp nộp qua mạng: ${what}.`);
        return;
      }
      case 'review action':
        this.say(r, `Tài khoản ${String(r.actor)} đã ${ACTION[String(r.action)] ?? String(r.action)} bản nộp của ${this.unitName(r.unit)}.`);
        return;
      case 'console login':
        this.say(r, `Tài khoản ${String(r.user)} đã đăng nhập trang quản lý.`);
        return;
      case 'temporary files left by an interrupted write removed':
        this.say(r, `Đã dọn ${Number(r.swept)} tệp tạm do lần chạy trước bị ngắt giữa chừng.`);
        return;
      case 'waiting for another process’s run to finish':
        this.say(r, 'Đang chờ một tiến trình khác của hệ thống tổng hợp xong.');
        return;
      case 'backup schedule started':
        this.say(r, `Sao lưu dữ liệu hằng đêm lúc ${String(r.at)} vào thư mục ${String(r.dir)}, giữ ${Number(r.keep)} bản mới nhất.`);
        return;
      case 'backup written':
        this.say(r, `Đã sao lưu dữ liệu: ${String(r.file)} (${sizeVi(Number(r.bytes))}).`);
        return;
      case 'old backups removed':
        this.say(r, `Đã xóa ${(r.pruned as unknown[]).length} bản sao lưu cũ nhất (${(r.pruned as string[]).map((f) => path.basename(f)).join(', ')}).`);
        return;
      case 'scheduled backup failed':
        this.say(r, `Sao lưu dữ liệu hằng đêm không thành công. ${this.detail(r)}`);
        return;
      case 'certificate reloaded':
        this.say(r, `Đã nạp chứng chỉ HTTPS mới (hiệu lực đến ${formatTimeVi(String(r.validTo))}); các kết nối mới dùng chứng chỉ này.`);
        return;
      case 'certificate unchanged':
        this.say(r, `Chứng chỉ HTTPS trên đĩa không đổi (hiệu lực đến ${formatTimeVi(String(r.validTo))}).`);
        return;
      case 'certificate not reloaded: the files do not load, the previous certificate stays':
        this.say(
          r,
          'Không nạp được chứng chỉ HTTPS mới: tệp chứng chỉ và tệp khóa không khớp nhau, hỏng hoặc chưa chép xong. Hệ thống vẫn dùng chứng chỉ cũ; hãy kiểm tra hai tệp rồi nạp lại (systemctl reload phuluc).',
        );
        return;
      case 'stopping':
        this.say(r, 'Đang dừng: hoàn tất các tệp đang xử lý dở rồi dừng.');
        return;
      case 'worker stopped':
        this.say(r, 'Đã dừng.');
        return;
      case 'scheduled run failed':
      case 'run after submission failed':
        this.say(r, `Lượt tổng hợp không thành công. ${this.detail(r)}`);
        return;
      case 'ingest failed':
        this.say(
          r,
          `Chưa nhận được tệp ${path.basename(String(r.file))} vì lỗi của hệ thống; tệp vẫn nằm trong thư mục nộp báo cáo chung và sẽ được nhận lại ở lượt sau. Chi tiết trong nhật ký ${this.logFile}.`,
        );
        return;
      default:
        if (r.level >= 50) this.say(r, `Có lỗi trong khi hệ thống chạy. ${this.detail(r)}`);
    }
  }
}
