// The service's logs: the file in the data folder rotates by size without splitting a line; the
// screen gets one Vietnamese line per event, made from the log records, in Vietnam time.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../worker/config.ts';
import { EventLines } from '../../worker/log-lines.ts';
import { createFileLogger, RotatingFile } from '../../worker/log.ts';
import { glossaryBreaches } from '../helpers/glossary.ts';
import { tempDir } from '../helpers/worker.ts';

describe('RotatingFile', () => {
  it('keeps the file under its size: phuluc.log, .1 … .keep, the oldest dropped, no line split', () => {
    const dir = tempDir('log-rotate');
    const file = path.join(dir, 'phuluc.log');
    const f = new RotatingFile(file, 1000, 3);
    const lines = Array.from({ length: 200 }, (_, i) => `${JSON.stringify({ n: i, msg: 'dòng nhật ký có dấu tiếng Việt' })}\n`);
    for (const l of lines) f.write(l);
    f.close();
    expect(readdirSync(dir).sort()).toEqual(['phuluc.log', 'phuluc.log.1', 'phuluc.log.2', 'phuluc.log.3']);
    const kept = ['phuluc.log.3', 'phuluc.log.2', 'phuluc.log.1', 'phuluc.log'].map((n) => readFileSync(path.join(dir, n), 'utf8'));
    for (const k of kept) {
      expect(Buffer.byteLength(k)).toBeLessThanOrEqual(1000);
      for (const l of k.trim().split('\n')) JSON.parse(l); // whole lines only
    }
    const numbers = kept
      .join('')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { n: number }).n);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => 200 - numbers.length + i)); // the newest, in order
  });

  it('is what the command line logs through', () => {
    const file = path.join(tempDir('log-cli'), 'phuluc.log');
    createFileLogger(file, 'info').info({ a: 1 }, 'hello');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ msg: 'hello', a: 1, app: 'phuluc' });
  });
});

describe('EventLines', () => {
  const at = '2026-12-07T10:05:00.000Z';
  const rec = (o: Record<string, unknown>) => `${JSON.stringify({ level: 30, time: at, app: 'phuluc', ...o })}\n`;
  const say = (records: string[]) => {
    const printed: string[] = [];
    const e = new EventLines(loadCatalogFile(), '/var/lib/phuluc/phuluc.log', (l) => printed.push(l));
    for (const r of records) e.write(r);
    return printed;
  };

  it('one Vietnamese line per event, in Vietnam time', () => {
    expect(
      say([
        rec({ msg: 'ingested', status: 'accepted' }),
        rec({ msg: 'ingested', status: 'accepted' }),
        rec({ msg: 'ingested', status: 'accepted' }),
        rec({ msg: 'run finished', files: 3, errors: 0, changed: false }),
      ]),
    ).toEqual(['17:05 ngày 07/12/2026 — Đã nhận 3 tệp: 3 hợp lệ.']);
    expect(
      say([
        rec({ msg: 'ingested', status: 'accepted' }),
        rec({ msg: 'ingested', status: 'rejected' }),
        rec({ msg: 'ingested', status: 'accepted', duplicate: true }),
        rec({ msg: 'run finished', files: 3, errors: 1, changed: true, file: '/d/out/phu-luc-1-2023-uoc.xlsx' }),
      ]),
    ).toEqual([
      '17:05 ngày 07/12/2026 — Đã nhận 3 tệp: 1 hợp lệ, 1 không hợp lệ, 1 trùng với tệp đã nhận trước đó.',
      '17:05 ngày 07/12/2026 — 1 tệp chưa nhận được vì lỗi của hệ thống; tệp vẫn nằm trong thư mục nộp báo cáo chung và sẽ được nhận lại ở lượt sau. Chi tiết trong nhật ký /var/lib/phuluc/phuluc.log.',
      '17:05 ngày 07/12/2026 — Đã ghi phụ lục mới: /d/out/phu-luc-1-2023-uoc.xlsx',
    ]);
    expect(
      say([
        rec({ msg: 'incoming request', reqId: 'r1', req: { method: 'POST', url: '/api/v1/submissions' } }),
        rec({ msg: 'request completed', reqId: 'r1', res: { statusCode: 422 } }),
        rec({ msg: 'review action', unit: 'LDTBXH', action: 'return', actor: 'lan.tckh' }),
      ]),
    ).toEqual([
      '17:05 ngày 07/12/2026 — Nhận 1 tệp nộp qua mạng: không hợp lệ.',
      '17:05 ngày 07/12/2026 — Tài khoản lan.tckh đã trả lại bản nộp của Phòng Lao động - Thương binh và Xã hội.',
    ]);
  });

  it('says nothing for routine records; an error points to the log, a message written for people is shown as it is', () => {
    expect(
      say([
        rec({ msg: 'schedule started' }),
        rec({ msg: 'incoming request', reqId: 'r2', req: { method: 'GET', url: '/healthz' } }),
        rec({ msg: 'run finished', files: 0, errors: 0, changed: false }),
      ]),
    ).toEqual([]);
    const lines = say([
      rec({ level: 50, msg: 'scheduled run failed', err: { type: 'UserError', message: 'Sổ theo dõi các lần nộp không còn số liệu nào.' } }),
      rec({ level: 50, msg: 'scheduled run failed', err: { type: 'Error', message: 'SQLITE_BUSY: database is locked' } }),
      rec({ level: 50, msg: 'something new', err: { type: 'TypeError', message: 'x is undefined' } }),
    ]);
    expect(lines).toEqual([
      '17:05 ngày 07/12/2026 — Lượt tổng hợp không thành công. Sổ theo dõi các lần nộp không còn số liệu nào.',
      '17:05 ngày 07/12/2026 — Lượt tổng hợp không thành công. Chi tiết trong nhật ký /var/lib/phuluc/phuluc.log.',
      '17:05 ngày 07/12/2026 — Có lỗi trong khi hệ thống chạy. Chi tiết trong nhật ký /var/lib/phuluc/phuluc.log.',
    ]);
    for (const l of lines) expect(glossaryBreaches(l)).toEqual([]);
  });
});
