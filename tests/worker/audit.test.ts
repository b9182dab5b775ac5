/**
 * The audit's sentences (issue 21): a review action names the submission it was about (two
 * approvals of one unit no longer read alike), a reopening says what it took back, a note or a
 * reason typed with its own full stop gets no second one, a file sent for a period never opened
 * shows the period's header from the catalogue.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogHash, findPeriod, findUnit } from '../../shared/catalog.ts';
import { collectionOf } from '../../shared/collection.ts';
import { auditEntries, auditSheet, endSentence, reviewSentence } from '../../worker/audit.ts';
import type { NewSubmission, ReviewRecord } from '../../worker/ledger/contract.ts';
import { SqliteLedger } from '../../worker/ledger/sqlite.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { tempDir } from '../helpers/worker.ts';

const C24 = loadCatalog(2024);
const C23 = loadCatalog(2023);
const H1 = findPeriod(C24, '2024-6t')!;
const KT = findUnit(C24, 'KT')!;
const PLANNER = { name: 'lan.tckh', fullName: 'Trần Thị Lan' };

const sha = (c: string) => c.repeat(64);
const submission = (id: number, c: string, fileName: string, receivedAt: string, period = H1.id): NewSubmission & { id: number } => ({
  id,
  sha256: sha(c),
  fileName,
  source: 'inbox',
  receivedAt,
  size: 1,
  archivePath: `${c}${c}/${sha(c)}.xlsx`,
  unit: KT.code,
  period,
  status: 'accepted',
  problems: [],
  warnings: [],
  planEdits: [],
  rows: null,
});
const review = (seq: number, c: string, action: ReviewRecord['action'], at: string, note: string | null, comments = 0): Omit<ReviewRecord, 'id'> => ({
  unit: KT.code,
  period: H1.id,
  seq,
  sha256: sha(c),
  afterSha256: sha(c),
  action,
  actor: PLANNER.name,
  at,
  note,
  comments: Array.from({ length: comments }, (_, i) => ({ indicator: `X${i}`, text: 'Xem lại' })),
});

describe('a sentence ends with one full stop', () => {
  it('adds one only when the text has no . ! ? or … of its own (also before a closing quotation mark)', () => {
    expect(endSentence('Miễn nộp kỳ này: sáp nhập')).toBe('Miễn nộp kỳ này: sáp nhập.');
    expect(endSentence('Miễn nộp kỳ này: … (công văn 12/BHXH).')).toBe('Miễn nộp kỳ này: … (công văn 12/BHXH).');
    expect(endSentence('Duyệt báo cáo: “Đã kiểm tra số liệu 6 tháng.”')).toBe('Duyệt báo cáo: “Đã kiểm tra số liệu 6 tháng.”');
    expect(endSentence('Duyệt báo cáo: “Đã kiểm tra”')).toBe('Duyệt báo cáo: “Đã kiểm tra”.');
    expect(endSentence('Trả lại: “Sao lại giảm?”')).toBe('Trả lại: “Sao lại giảm?”');
    expect(endSentence('Lý do: chờ số liệu quý IV…')).toBe('Lý do: chờ số liệu quý IV…');
    expect(endSentence('Lý do: đúng!  ')).toBe('Lý do: đúng!');
    expect(endSentence('(theo công văn số 12)')).toBe('(theo công văn số 12).');
  });
});

describe('a review action as a sentence', () => {
  const sub = { id: 16, fileName: 'KT-6t.xlsx' };
  const r = (action: ReviewRecord['action'], note: string | null, comments = 0) => ({
    ...review(1, 'a', action, '2024-07-10T02:00:00Z', note, comments),
    id: 1,
  });

  it('names the submission and keeps the note’s own full stop', () => {
    expect(reviewSentence(r('approve', 'Đã kiểm tra số liệu 6 tháng.'), sub)).toBe(
      'Duyệt báo cáo (bản nộp số 16, tệp KT-6t.xlsx): “Đã kiểm tra số liệu 6 tháng.”',
    );
    expect(reviewSentence(r('approve', null), sub)).toBe('Duyệt báo cáo (bản nộp số 16, tệp KT-6t.xlsx).');
    expect(reviewSentence(r('return', 'Số liệu chưa khớp', 3), sub)).toBe(
      'Trả lại báo cáo (bản nộp số 16, tệp KT-6t.xlsx), kèm 03 ý kiến về chỉ tiêu: “Số liệu chưa khớp”.',
    );
    expect(reviewSentence(r('approve', null), undefined)).toBe('Duyệt báo cáo.');
  });

  it('a reopening says whether it took back an approval or a return, when known', () => {
    expect(reviewSentence(r('reopen', 'Đơn vị xin sửa số liệu.'), sub, 'approve')).toBe(
      'Mở lại báo cáo đã duyệt (bản nộp số 16, tệp KT-6t.xlsx): “Đơn vị xin sửa số liệu.”',
    );
    expect(reviewSentence(r('reopen', null), sub, 'return')).toBe('Mở lại báo cáo đã trả lại (bản nộp số 16, tệp KT-6t.xlsx).');
    expect(reviewSentence(r('reopen', null), sub)).toBe('Mở lại báo cáo (bản nộp số 16, tệp KT-6t.xlsx).');
  });
});

describe('the audit from a ledger', () => {
  let ledger: SqliteLedger;
  const collection = collectionOf(C24, H1);

  beforeAll(async () => {
    ledger = new SqliteLedger(path.join(tempDir('audit'), 'ledger.sqlite'));
    await ledger.addUser({
      name: PLANNER.name,
      fullName: PLANNER.fullName,
      role: 'ke-hoach',
      passwordHash: 'x',
      createdAt: '2024-07-01T00:00:00Z',
      disabledAt: null,
    });
    await ledger.addCatalog({ id: C23.id, hash: catalogHash(C23), content: C23, createdAt: '2024-07-01T00:00:00Z', createdBy: null, source: 'embedded' });
    await ledger.insert(submission(5, 'a', 'KT-6t.xlsx', '2024-07-05T02:00:00Z'), { id: 5 });
    await ledger.insert(submission(16, 'b', 'KT-6t-sua.xlsx', '2024-07-12T02:00:00Z'), { id: 16 });
    await ledger.insert(submission(20, 'c', 'KT-uoc.xlsx', '2024-07-13T02:00:00Z', '2024-uoc'), { id: 20 });
    await ledger.insert(submission(21, 'd', 'KT-2023.xlsx', '2024-07-13T03:00:00Z', '2023-nam'), { id: 21 });
    await ledger.insert(submission(22, 'e', 'KT-2030.xlsx', '2024-07-13T04:00:00Z', '2030-6t'), { id: 22 });
    await ledger.addReview(review(1, 'a', 'approve', '2024-07-06T02:00:00Z', 'Đã kiểm tra số liệu 6 tháng.'));
    await ledger.addReview(review(2, 'a', 'reopen', '2024-07-08T02:00:00Z', null));
    await ledger.addReview(review(3, 'a', 'return', '2024-07-09T02:00:00Z', 'Số liệu chưa khớp', 2));
    await ledger.addReview(review(4, 'a', 'reopen', '2024-07-10T02:00:00Z', null));
    await ledger.addReview(review(5, 'b', 'approve', '2024-07-12T03:00:00Z', 'Đã kiểm tra số liệu 6 tháng.'));
    await ledger.addEvent({
      at: '2024-07-11T02:00:00Z',
      kind: 'unit_excused',
      period: H1.id,
      unit: 'QLDT',
      actor: PLANNER.name,
      sha256: null,
      detail: { reason: 'Đơn vị sáp nhập (công văn 12/BHXH).' },
    });
  });
  afterAll(async () => ledger?.close());

  it('tells two approvals of one unit apart by submission and file, in the sentence and the file column', async () => {
    const { entries } = await auditEntries(ledger, collection, { kind: 'review' });
    expect(entries.map((e) => [e.who, e.what, e.file])).toEqual([
      [PLANNER.fullName, 'Duyệt báo cáo (bản nộp số 16, tệp KT-6t-sua.xlsx): “Đã kiểm tra số liệu 6 tháng.”', `KT-6t-sua.xlsx (${sha('b').slice(0, 8)})`],
      [PLANNER.fullName, 'Mở lại báo cáo đã trả lại (bản nộp số 5, tệp KT-6t.xlsx).', `KT-6t.xlsx (${sha('a').slice(0, 8)})`],
      [
        PLANNER.fullName,
        'Trả lại báo cáo (bản nộp số 5, tệp KT-6t.xlsx), kèm 02 ý kiến về chỉ tiêu: “Số liệu chưa khớp”.',
        `KT-6t.xlsx (${sha('a').slice(0, 8)})`,
      ],
      [PLANNER.fullName, 'Mở lại báo cáo đã duyệt (bản nộp số 5, tệp KT-6t.xlsx).', `KT-6t.xlsx (${sha('a').slice(0, 8)})`],
      [PLANNER.fullName, 'Duyệt báo cáo (bản nộp số 5, tệp KT-6t.xlsx): “Đã kiểm tra số liệu 6 tháng.”', `KT-6t.xlsx (${sha('a').slice(0, 8)})`],
    ]);
    const sheet = auditSheet(entries, 'NHẬT KÝ THAO TÁC');
    expect(sheet.columns.map((c) => c.header)).toContain('Tệp');
    expect(sheet.rows[0].slice(4)).toEqual([
      'Duyệt báo cáo (bản nộp số 16, tệp KT-6t-sua.xlsx): “Đã kiểm tra số liệu 6 tháng.”',
      `KT-6t-sua.xlsx (${sha('b').slice(0, 8)})`,
    ]);
  });

  it('an excusal’s reason typed with its own full stop gets no second one', async () => {
    const { entries } = await auditEntries(ledger, collection, { kind: 'settings' });
    expect(entries.map((e) => e.what)).toEqual(['Miễn nộp kỳ này: Đơn vị sáp nhập (công văn 12/BHXH).']);
  });

  it('a file sent for a period never opened shows the period’s header from the catalogue; an unknown one its id', async () => {
    const { entries } = await auditEntries(ledger, collection, { kind: 'submission' });
    const byFile = new Map(entries.map((e) => [e.file?.split(' (')[0], e.period]));
    expect(byFile.get('KT-6t.xlsx')).toBe('Thực hiện 6 tháng đầu năm 2024');
    expect(byFile.get('KT-uoc.xlsx')).toBe('Ước thực hiện năm 2024');
    expect(byFile.get('KT-2023.xlsx')).toBe('Thực hiện năm 2023');
    expect(byFile.get('KT-2030.xlsx')).toBe('2030-6t');
  });
});
