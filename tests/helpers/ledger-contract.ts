/**
 * The ledger contract as tests: one suite, run against every back end (tests/worker/ledger.test.ts
 * for SQLite, ledger.postgres.test.ts for PostgreSQL), so that both keep exactly the same promises.
 * `open()` gives a fresh, empty ledger; `second()` another connection (another "process") to it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ledger, NewSubmission } from '../../worker/ledger/contract.ts';

export interface LedgerFixture {
  ledger: Ledger;
  /** Another independent connection to the same ledger. */
  second(): Promise<Ledger>;
  dispose(): Promise<void>;
}

let serial = 0;
/** A submission with distinct bytes (sha256) each time. */
export function submission(over: Partial<NewSubmission> = {}): NewSubmission {
  serial++;
  return {
    sha256: over.sha256 ?? `${String(serial).padStart(8, '0')}${'ab'.repeat(28)}`,
    fileName: `tệp-${serial}.xlsx`,
    source: 'inbox',
    receivedAt: new Date(Date.UTC(2023, 10, 1, 0, 0, serial)).toISOString(),
    size: 1000 + serial,
    archivePath: `ab/${serial}.xlsx`,
    unit: 'KT',
    period: '2023-uoc',
    status: 'accepted',
    problems: [],
    warnings: [],
    planEdits: [],
    rows: { SL_LUONG_THUC: { value: 15249.1, note: null }, DT_GIEO_TRONG: { value: '2.890,4', note: 'Ghi chú “có dấu”' } },
    ...over,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withFixture(open: () => Promise<LedgerFixture>, fn: (f: LedgerFixture) => Promise<void>): Promise<void> {
  const f = await open();
  try {
    await fn(f);
  } finally {
    await f.dispose();
  }
}

export function ledgerContract(name: string, open: () => Promise<LedgerFixture>): void {
  const test = (title: string, fn: (f: LedgerFixture) => Promise<void>) => it(title, () => withFixture(open, fn));

  describe(`the ledger contract: ${name}`, () => {
    test('keeps what the planning office decides: catalogue versions, periods, contacts, excusals, ledger values', async ({ ledger, second }) => {
      const content = { id: 'test-2024', year: 2024 } as unknown as import('../../shared/catalog.ts').Catalog;
      const first = await ledger.addCatalog({
        id: 'test-2024',
        hash: 'h1',
        content,
        createdAt: '2024-01-02T00:00:00.000Z',
        createdBy: 'lan',
        source: 'console',
      });
      expect(first).toEqual({
        added: true,
        catalog: { id: 'test-2024', version: 1, hash: 'h1', content, createdAt: '2024-01-02T00:00:00.000Z', createdBy: 'lan', source: 'console' },
      });
      // The same content again is the same version; other content is the next one.
      expect(
        (await ledger.addCatalog({ id: 'test-2024', hash: 'h1', content, createdAt: '2024-02-02T00:00:00.000Z', createdBy: null, source: 'config' })).added,
      ).toBe(false);
      const v2 = await ledger.addCatalog({
        id: 'test-2024',
        hash: 'h2',
        content: { ...content, year: 2024.5 } as never,
        createdAt: '2024-03-02T00:00:00.000Z',
        createdBy: null,
        source: 'config',
      });
      expect([v2.added, v2.catalog.version]).toEqual([true, 2]);
      const other = await second();
      expect((await other.catalogVersions('test-2024')).map((c) => [c.version, c.hash, (c.content as unknown as { year: number }).year])).toEqual([
        [1, 'h1', 2024],
        [2, 'h2', 2024.5],
      ]);
      expect(await other.catalogVersions('khac')).toEqual([]);

      expect(
        await ledger.openPeriod({
          id: '2024-6t',
          catalogId: 'test-2024',
          catalogVersion: 1,
          deadline: '2024-06-15T17:00:00+07:00',
          openedAt: '2024-05-01T00:00:00.000Z',
          openedBy: 'lan',
        }),
      ).toBe(true);
      expect(
        await ledger.openPeriod({
          id: '2024-6t',
          catalogId: 'test-2024',
          catalogVersion: 2,
          deadline: '2024-06-20T17:00:00+07:00',
          openedAt: '2024-05-02T00:00:00.000Z',
          openedBy: 'lan',
        }),
      ).toBe(false);
      expect(
        await ledger.openPeriod({
          id: '2024-9t',
          catalogId: 'test-2024',
          catalogVersion: 2,
          deadline: '2024-09-15T17:00:00+07:00',
          openedAt: '2024-08-01T00:00:00.000Z',
          openedBy: null,
        }),
      ).toBe(true);
      expect(await ledger.updatePeriod('2024-6t', { deadline: '2024-06-18T17:00:00+07:00' })).toBe(true);
      expect(await ledger.updatePeriod('2024-6t', { closedAt: '2024-07-01T00:00:00.000Z', closedBy: 'lan' })).toBe(true);
      expect(await ledger.updatePeriod('2099-6t', { closedAt: 'x' })).toBe(false);
      expect(await other.periods()).toEqual([
        {
          id: '2024-6t',
          catalogId: 'test-2024',
          catalogVersion: 1,
          deadline: '2024-06-18T17:00:00+07:00',
          openedAt: '2024-05-01T00:00:00.000Z',
          openedBy: 'lan',
          closedAt: '2024-07-01T00:00:00.000Z',
          closedBy: 'lan',
        },
        {
          id: '2024-9t',
          catalogId: 'test-2024',
          catalogVersion: 2,
          deadline: '2024-09-15T17:00:00+07:00',
          openedAt: '2024-08-01T00:00:00.000Z',
          openedBy: null,
          closedAt: null,
          closedBy: null,
        },
      ]);
      // Reopened: the closing is forgotten.
      await ledger.updatePeriod('2024-6t', { closedAt: null });
      expect((await other.periods())[0]).toMatchObject({ closedAt: null, closedBy: null });

      await ledger.setUnitEmail('KT', 'kt@honglinh.gov.vn', '2024-01-01T00:00:00.000Z', 'lan');
      await ledger.setUnitEmail('KT', 'phongkinhte@honglinh.gov.vn', '2024-01-02T00:00:00.000Z', 'hoa');
      await ledger.setUnitEmail('VHTT', 'vhtt@honglinh.gov.vn', '2024-01-02T00:00:00.000Z', null);
      await ledger.setUnitEmail('VHTT', null, '2024-01-03T00:00:00.000Z', null);
      expect(await other.unitContacts()).toEqual([
        { unit: 'KT', email: 'phongkinhte@honglinh.gov.vn', updatedAt: '2024-01-02T00:00:00.000Z', updatedBy: 'hoa' },
      ]);

      await ledger.setExcusal('2024-6t', 'TTYT', 'Sáp nhập, không còn chỉ tiêu', '2024-06-10T00:00:00.000Z', 'lan');
      await ledger.setExcusal('2024-6t', 'KT', 'Thử', '2024-06-10T00:00:00.000Z', 'lan');
      await ledger.setExcusal('2024-6t', 'KT', null, '2024-06-11T00:00:00.000Z', 'lan');
      await ledger.setExcusal('2024-9t', 'TTYT', 'Khác kỳ', '2024-09-10T00:00:00.000Z', 'lan');
      expect(await other.excusals('2024-6t')).toEqual([
        { period: '2024-6t', unit: 'TTYT', reason: 'Sáp nhập, không còn chỉ tiêu', at: '2024-06-10T00:00:00.000Z', actor: 'lan' },
      ]);
      expect((await other.excusals()).length).toBe(2);

      await ledger.setMeta('setup', '{"hash":"x"}');
      expect(await other.meta('setup')).toBe('{"hash":"x"}');
      await ledger.setMeta('setup', null);
      expect(await other.meta('setup')).toBeUndefined();
      expect(await other.meta('identity')).toBe(await ledger.identity());
      await ledger.setMeta('catalog-draft:2025', '{}');
      await ledger.setMeta('catalog-draft:2024', '{}');
      await ledger.setMeta('catalog-draftx', '{}');
      expect(await other.metaKeys('catalog-draft:')).toEqual(['catalog-draft:2024', 'catalog-draft:2025']);
      await ledger.setMeta('catalog-draft:2024', null);
      expect(await other.metaKeys('catalog-draft:')).toEqual(['catalog-draft:2025']);
      expect(await other.metaKeys('khong-co:')).toEqual([]);
    });

    test('access overview: tokens not revoked and enrolment codes not used nor expired, per unit', async ({ ledger, second }) => {
      await ledger.addToken('KT', 'pl_kt_a', '2024-01-01T00:00:00.000Z');
      await ledger.addToken('KT', 'pl_kt_b', '2024-01-01T00:00:00.000Z');
      await ledger.addToken('VHTT', 'pl_vhtt_a', '2024-01-01T00:00:00.000Z');
      await ledger.revokeTokens('VHTT', '2024-01-02T00:00:00.000Z');
      await ledger.addEnrolment('TTYT', 'CODE1', '2024-01-01T00:00:00.000Z', '2024-01-15T00:00:00.000Z');
      await ledger.addEnrolment('TTYT', 'CODE2', '2024-01-01T00:00:00.000Z', '2024-01-03T00:00:00.000Z');
      await ledger.addEnrolment('KT', 'CODE3', '2024-01-01T00:00:00.000Z', '2024-01-15T00:00:00.000Z');
      await ledger.redeemEnrolment('CODE3', '2024-01-02T00:00:00.000Z');
      const other = await second();
      expect(Object.fromEntries(await other.accessOverview('2024-01-05T00:00:00.000Z'))).toEqual({
        KT: { tokens: 2, pendingEnrolments: 0 },
        TTYT: { tokens: 0, pendingEnrolments: 1 },
      });
    });

    test('accounts: three roles, a full name, a reset that must be changed at the next login', async ({ ledger, second }) => {
      const base = { passwordHash: 'scrypt$x', createdAt: '2024-01-01T00:00:00.000Z', disabledAt: null, mustChangePassword: false };
      expect(await ledger.addUser({ ...base, name: 'admin', role: 'quan-tri', fullName: 'Trần Văn Quản' })).toBe(true);
      expect(await ledger.addUser({ ...base, name: 'lan', role: 'ke-hoach', fullName: '' })).toBe(true);
      expect(await ledger.setPassword('lan', 'scrypt$y', { mustChange: true })).toBe(true);
      expect(await ledger.updateUser('lan', { fullName: 'Nguyễn Thị Lan', role: 'lanh-dao' })).toBe(true);
      expect(await ledger.updateUser('khong-co', { fullName: 'x' })).toBe(false);
      const other = await second();
      expect(await other.user('lan')).toEqual({
        ...base,
        name: 'lan',
        role: 'lanh-dao',
        fullName: 'Nguyễn Thị Lan',
        passwordHash: 'scrypt$y',
        mustChangePassword: true,
      });
      await ledger.setPassword('lan', 'scrypt$z');
      expect((await other.user('lan'))?.mustChangePassword).toBe(false);
      expect((await other.users()).map((u) => [u.name, u.role])).toEqual([
        ['admin', 'quan-tri'],
        ['lan', 'lanh-dao'],
      ]);
    });

    test('keeps events as given, in order, filtered by period, unit and kind, seen from another connection', async ({ ledger, second }) => {
      const a = await ledger.addEvent({
        at: '2023-11-20T03:00:00.000Z',
        kind: 'foreign_upload',
        period: '2023-uoc',
        unit: 'KT',
        actor: null,
        sha256: 'ab'.repeat(32),
        detail: { fileUnit: 'VHTT', fileName: 'Văn hoá “bản cuối”.xlsx' },
      });
      const b = await ledger.addEvent({
        at: '2023-11-20T04:00:00.000Z',
        kind: 'period_opened',
        period: '2024-6t',
        unit: null,
        actor: 'lan.tckh',
        sha256: null,
        detail: {},
      });
      const c = await ledger.addEvent({
        at: '2023-11-20T05:00:00.000Z',
        kind: 'foreign_upload',
        period: '2023-uoc',
        unit: 'VHTT',
        actor: null,
        sha256: null,
        detail: { n: 2 },
      });
      expect(b.id).toBeGreaterThan(a.id);
      expect(c.id).toBeGreaterThan(b.id);
      const other = await second();
      expect(await other.events()).toEqual([a, b, c]);
      expect(await other.events({ period: '2023-uoc' })).toEqual([a, c]);
      expect(await other.events({ unit: 'KT' })).toEqual([a]);
      expect(await other.events({ kind: 'period_opened' })).toEqual([b]);
      expect(await other.events({ limit: 2 })).toEqual([b, c]);
    });

    test('keeps a submission as given, JSON fields included (key order too)', async ({ ledger }) => {
      const s = submission({
        status: 'rejected',
        rows: null,
        unit: null,
        period: null,
        problems: [{ sheet: 'Phụ lục 1', cell: 'E7', indicator: 'RAC_THAI', message: 'Số liệu 150 nằm ngoài khoảng cho phép' }],
        warnings: [{ message: 'Chưa nhập số liệu.' }],
        planEdits: [{ indicator: 'GTSX', cell: 'D5', found: 'Tăng 14%', expected: 'Tăng trên 13%' }],
      });
      const { record, inserted } = await ledger.insert(s);
      expect(inserted).toBe(true);
      expect(record).toEqual({ ...s, id: record.id });
      const back = await ledger.bySha(s.sha256);
      expect(back).toEqual(record);
      const withRows = submission({ rows: { Z_LAST: { value: 1 }, A_FIRST: { value: 'Tăng 6,45 %', note: 'x' } } });
      const r2 = (await ledger.insert(withRows)).record;
      expect(JSON.stringify((await ledger.bySha(withRows.sha256))!.rows)).toBe(JSON.stringify(withRows.rows));
      expect(r2.id).toBeGreaterThan(record.id);
      expect(await ledger.bySha('f'.repeat(64))).toBeUndefined();
      expect(await ledger.count()).toBe(2);
    });

    test('has one identity, the same for every connection, another for another ledger', async ({ ledger, second }) => {
      const id = await ledger.identity();
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(await (await second()).identity()).toBe(id);
      await ledger.insert(submission());
      expect(await ledger.identity()).toBe(id);
      await withFixture(open, async (other) => expect(await other.ledger.identity()).not.toBe(id));
    });

    test('records the same bytes once, also when two connections race', async ({ ledger, second }) => {
      const s = submission();
      const first = await ledger.insert(s);
      const again = await ledger.insert({ ...s, fileName: 'ban-sao.xlsx' });
      expect(again.inserted).toBe(false);
      expect(again.record).toEqual(first.record);
      const other = await second();
      try {
        const racing = Array.from({ length: 20 }, () => submission());
        const results = await Promise.all(racing.flatMap((r) => [ledger.insert(r), other.insert({ ...r, fileName: 'khac.xlsx' })]));
        for (let i = 0; i < racing.length; i++) {
          const [a, b] = [results[2 * i], results[2 * i + 1]];
          expect([a.inserted, b.inserted].filter(Boolean)).toHaveLength(1);
          expect(a.record.id).toBe(b.record.id);
        }
        expect(await ledger.count()).toBe(21);
      } finally {
        await other.close();
      }
    });

    test('the latest submissions, the history, the previous one and the rejected list follow the recording order', async ({ ledger }) => {
      const p = '2023-uoc';
      const a1 = (await ledger.insert(submission({ unit: 'KT' }))).record;
      const r1 = (await ledger.insert(submission({ unit: 'KT', status: 'rejected', rows: null }))).record;
      const b1 = (await ledger.insert(submission({ unit: 'CCT' }))).record;
      const a2 = (await ledger.insert(submission({ unit: 'KT' }))).record;
      const r2 = (await ledger.insert(submission({ unit: 'KT', status: 'rejected', rows: null }))).record;
      const other = (await ledger.insert(submission({ unit: 'KT', period: '2023-6t' }))).record;
      const noPeriod = (await ledger.insert(submission({ unit: 'KT', period: null, status: 'rejected', rows: null }))).record;
      const unreadable = (await ledger.insert(submission({ unit: null, period: null, status: 'rejected', rows: null }))).record;
      const notCollected = (await ledger.insert(submission({ unit: 'CCT', period: '2030-nam', status: 'rejected', rows: null }))).record;
      const elsewhere = (await ledger.insert(submission({ unit: 'CCT', period: '2023-6t', status: 'rejected', rows: null }))).record;

      const acc = await ledger.latestAccepted(p);
      expect([...acc.keys()].sort()).toEqual(['CCT', 'KT']);
      expect(acc.get('KT')!.id).toBe(a2.id);
      expect(acc.get('CCT')).toEqual(b1);
      const any = await ledger.latestAny(p);
      expect(any.get('KT')!.id).toBe(r2.id);
      expect(any.get('CCT')!.id).toBe(b1.id);
      expect((await ledger.history('KT', p)).map((r) => r.id)).toEqual([noPeriod.id, r2.id, a2.id, r1.id, a1.id]);
      expect((await ledger.previousAccepted('KT', p, a2.id))?.id).toBe(a1.id);
      expect(await ledger.previousAccepted('KT', p, a1.id)).toBeUndefined();
      expect((await ledger.latestAccepted('2023-6t')).get('KT')!.id).toBe(other.id);
      // This period's, the unreadable ones and those of a period nobody collects; not another collected period's.
      expect((await ledger.rejected(p)).map((r) => r.id)).toEqual([r1.id, r2.id, noPeriod.id, unreadable.id, notCollected.id]);
      expect((await ledger.rejected(p, 2)).map((r) => r.id)).toEqual([unreadable.id, notCollected.id]);
      expect((await ledger.rejected('2023-6t')).map((r) => r.id)).toContain(elsewhere.id);
    });

    test('each unit’s latest accepted submission is the last one recorded (any sequence)', async ({ ledger }) => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ unit: fc.constantFrom('KT', 'CCT', 'TNMT'), accepted: fc.boolean(), dup: fc.nat(5) }), { minLength: 1, maxLength: 25 }),
          async (steps) => {
            const period = `2023-p${run++}`;
            const model = new Map<string, number>();
            const shas: string[] = [];
            for (const [i, st] of steps.entries()) {
              // Now and then the same bytes again: not recorded twice, never the latest because of it.
              const sha = st.dup === 0 && shas.length ? shas[0] : `${period}-${i}`.padEnd(64, '0');
              const { record, inserted } = await ledger.insert(
                submission({ sha256: sha, unit: st.unit, period, status: st.accepted ? 'accepted' : 'rejected' }),
              );
              if (inserted) {
                shas.push(sha);
                if (st.accepted) model.set(st.unit, record.id);
              }
            }
            const got = await ledger.latestAccepted(period);
            expect(new Map([...got].map(([u, r]) => [u, r.id]))).toEqual(model);
          },
        ),
        { numRuns: 20 },
      );
    });

    test('access tokens and one-time enrolment codes are kept as hashes and work as promised', async ({ ledger }) => {
      await ledger.addToken('KT', 'kt-secret-1', '2023-11-01T00:00:00Z');
      await ledger.addToken('KT', 'kt-secret-2', '2023-11-01T00:00:00Z');
      await ledger.addToken('CCT', 'cct-secret', '2023-11-01T00:00:00Z');
      expect(await ledger.unitForToken('kt-secret-2')).toBe('KT');
      expect(await ledger.unitForToken('nobody')).toBeUndefined();
      expect(await ledger.revokeTokens('KT', '2023-11-02T00:00:00Z')).toBe(2);
      expect(await ledger.revokeTokens('KT', '2023-11-02T00:00:00Z')).toBe(0);
      expect(await ledger.unitForToken('kt-secret-1')).toBeUndefined();
      expect(await ledger.unitForToken('cct-secret')).toBe('CCT');

      await ledger.addEnrolment('TNMT', 'CODE1', '2023-11-01T00:00:00Z', '2023-11-08T00:00:00Z');
      await ledger.addEnrolment('TNMT', 'CODE2', '2023-11-01T00:00:00Z', '2023-11-08T00:00:00Z');
      expect(await ledger.redeemEnrolment('CODE1', '2023-11-09T00:00:00Z')).toBeUndefined(); // expired
      expect(await ledger.redeemEnrolment('CODE2', '2023-11-02T00:00:00Z')).toBe('TNMT');
      expect(await ledger.redeemEnrolment('CODE2', '2023-11-02T00:00:01Z')).toBeUndefined(); // used
      expect(await ledger.redeemEnrolment('NOPE', '2023-11-02T00:00:00Z')).toBeUndefined();
    });

    test('appendix versions: the last one of each period', async ({ ledger }) => {
      expect(await ledger.lastAppendix('2023-uoc')).toBeUndefined();
      await ledger.addAppendix('2023-uoc', { contentHash: 'h1', path: 'a/1.xlsx', createdAt: '2023-11-01T00:00:00Z' });
      await ledger.addAppendix('2023-6t', { contentHash: 'h9', path: 'a/9.xlsx', createdAt: '2023-11-03T00:00:00Z' });
      await ledger.addAppendix('2023-uoc', { contentHash: 'h2', path: 'a/2.xlsx', createdAt: '2023-11-02T00:00:00Z' });
      expect(await ledger.lastAppendix('2023-uoc')).toEqual({ contentHash: 'h2', path: 'a/2.xlsx', createdAt: '2023-11-02T00:00:00Z', final: false });
    });

    test('claims: one holder at a time, ids reserved in key order, taken over when the lease runs out, never after they are finished', async ({ ledger }) => {
      const keys = ['inbox:c', 'inbox:a', 'inbox:b', 'inbox:d'];
      const first = await ledger.claim(keys, 'w1', 60_000, 2);
      expect(first.map((c) => c.key)).toEqual(['inbox:c', 'inbox:a']);
      expect(first.every((c) => !c.takenOver)).toBe(true);
      expect(first[0].id).toBeLessThan(first[1].id);
      // Held by w1: another owner gets the rest, with later ids.
      const second = await ledger.claim(keys, 'w2', 60_000);
      expect(second.map((c) => c.key)).toEqual(['inbox:b', 'inbox:d']);
      expect(Math.min(...second.map((c) => c.id))).toBeGreaterThan(first[1].id);
      expect(await ledger.claim(keys, 'w3', 60_000)).toEqual([]);

      // A reserved id is the record's id; an ordinary record afterwards comes later.
      const reserved = await ledger.insert(submission(), { id: first[1].id });
      expect(reserved.record.id).toBe(first[1].id);
      expect((await ledger.bySha(reserved.record.sha256))!.id).toBe(first[1].id);
      const plain = await ledger.insert(submission());
      expect(plain.record.id).toBeGreaterThan(Math.max(...second.map((c) => c.id)));

      // Finished: never handed out again. Released: free at once, with its id.
      await ledger.finishClaim('inbox:c', 'w1');
      await ledger.releaseClaims('w2', ['inbox:d']);
      const again = await ledger.claim(keys, 'w3', 60_000);
      expect(again).toEqual([{ key: 'inbox:d', id: second[1].id, takenOver: false }]);

      // A short lease not renewed runs out: another owner takes the claim over, keeping its id.
      const short = await ledger.claim(['inbox:e', 'inbox:f'], 'w4', 200);
      expect(await ledger.renewClaims('w4', 200)).toBe(2);
      await ledger.finishClaim('inbox:f', 'w4');
      await sleep(400);
      const taken = await ledger.claim(['inbox:e', 'inbox:f'], 'w5', 60_000);
      expect(taken).toEqual([{ key: 'inbox:e', id: short[0].id, takenOver: true }]);

      // Renewing keeps a claim: after the first lease would have run out, it is still held.
      await ledger.claim(['inbox:g'], 'w6', 300);
      await sleep(150);
      expect(await ledger.renewClaims('w6', 60_000)).toBe(1);
      await sleep(300);
      expect(await ledger.claim(['inbox:g'], 'w7', 60_000)).toEqual([]);

      // Giving back everything of an owner (a worker stopping).
      await ledger.releaseClaims('w6');
      expect((await ledger.claim(['inbox:g'], 'w7', 60_000)).map((c) => c.key)).toEqual(['inbox:g']);

      // Finished claims are forgotten after a while (a file of the same name is a new file by then).
      expect(await ledger.pruneClaims(60_000)).toBe(0);
      await sleep(20);
      expect(await ledger.pruneClaims(1)).toBe(2);
      expect((await ledger.claim(['inbox:c'], 'w8', 60_000)).map((c) => c.key)).toEqual(['inbox:c']);
    });

    test('lapsed claims: unfinished, lease run out or given back, under the prefix, in key order', async ({ ledger }) => {
      await ledger.claim(['inbox:s:b', 'inbox:s:a', 'inbox:s:c', 'inbox:t:a'], 'w1', 150);
      await ledger.claim(['inbox:s:held'], 'w2', 60_000);
      await ledger.claim(['inbox:s:given'], 'w3', 60_000);
      expect(await ledger.lapsedClaims('inbox:s:')).toEqual([]);
      await ledger.releaseClaims('w3');
      await ledger.finishClaim('inbox:s:c', 'w1');
      await sleep(300);
      expect(await ledger.lapsedClaims('inbox:s:')).toEqual(['inbox:s:a', 'inbox:s:b', 'inbox:s:given']);
      expect(await ledger.lapsedClaims('inbox:t:')).toEqual(['inbox:t:a']);
      expect(await ledger.lapsedClaims('inbox:u:')).toEqual([]);
    });

    test('claims racing from two connections: every key to exactly one, ids in key order across both', async ({ ledger, second }) => {
      const other = await second();
      try {
        const keys = Array.from({ length: 120 }, (_, i) => `inbox:${String(i).padStart(4, '0')}`);
        const got: { key: string; id: number; by: string }[] = [];
        const worker = async (l: Ledger, by: string) => {
          for (;;) {
            const batch = await l.claim(keys, by, 60_000, 7);
            if (!batch.length) return;
            got.push(...batch.map((c) => ({ ...c, by })));
            await sleep(0);
          }
        };
        await Promise.all([worker(ledger, 'w1'), worker(other, 'w2')]);
        expect(got.map((g) => g.key).sort()).toEqual(keys);
        expect(new Set(got.map((g) => g.by)).size).toBe(2);
        const byKey = [...got].sort((a, b) => (a.key < b.key ? -1 : 1));
        for (let i = 1; i < byKey.length; i++) expect(byKey[i].id).toBeGreaterThan(byKey[i - 1].id);
      } finally {
        await other.close();
      }
    });

    test('a named lock is held by one connection at a time; other names do not wait', async ({ ledger, second }) => {
      const other = await second();
      try {
        const events: string[] = [];
        let releaseA!: () => void;
        const aHolds = new Promise<void>((r) => (releaseA = r));
        let aEntered!: () => void;
        const aIn = new Promise<void>((r) => (aEntered = r));
        const a = ledger.withLock('consolidate:2023-uoc', async () => {
          events.push('a in');
          aEntered();
          await aHolds;
          events.push('a out');
        });
        await aIn;
        const b = other.withLock('consolidate:2023-uoc', async () => {
          events.push('b in');
          events.push('b out');
        });
        // Another name is not held up by a.
        await other.withLock('consolidate:2023-6t', async () => events.push('c'));
        await sleep(150);
        releaseA();
        await Promise.all([a, b]);
        expect(events).toEqual(['a in', 'c', 'a out', 'b in', 'b out']);
        // An error inside gives the lock back.
        await expect(
          ledger.withLock('x', async () => {
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await other.withLock('x', async () => 'free')).toBe('free');
      } finally {
        await other.close();
      }
    });

    test('appendix versions remember whether they were final, newest first', async ({ ledger }) => {
      await ledger.addAppendix('2023-uoc', { contentHash: 'a1', path: 'h/1.xlsx', createdAt: '2023-11-20T01:00:00.000Z', final: false });
      await ledger.addAppendix('2023-uoc', { contentHash: 'a2', path: 'h/2.xlsx', createdAt: '2023-11-21T01:00:00.000Z', final: true });
      await ledger.addAppendix('2023-6t', { contentHash: 'b1', path: 'h/3.xlsx', createdAt: '2023-06-20T01:00:00.000Z' });
      expect((await ledger.appendixVersions('2023-uoc')).map((v) => [v.contentHash, v.final])).toEqual([
        ['a2', true],
        ['a1', false],
      ]);
      expect(await ledger.lastAppendix('2023-uoc')).toMatchObject({ contentHash: 'a2', final: true });
      expect((await ledger.lastAppendix('2023-6t'))?.final).toBe(false);
      expect(await ledger.appendixVersions('2023-uoc', 1)).toHaveLength(1);
    });

    test('review actions: append-only, one per place in a unit’s period, also when two connections race', async ({ ledger, second }) => {
      const a = (await ledger.insert(submission({ unit: 'KT' }))).record;
      const b = (await ledger.insert(submission({ unit: 'KT' }))).record;
      await ledger.insert(submission({ unit: 'LDTBXH' }));
      expect((await ledger.byId(a.id))?.sha256).toBe(a.sha256);
      expect((await ledger.periodSubmissions('2023-uoc')).map((x) => [x.id, x.unit])).toEqual([
        [a.id, 'KT'],
        [b.id, 'KT'],
        [b.id + 1, 'LDTBXH'],
      ]);
      const action = { unit: 'KT', period: '2023-uoc', seq: 1, sha256: b.sha256, afterSha256: b.sha256, actor: 'lan.tckh', at: '2023-11-21T02:00:00.000Z' };
      const other = await second();
      try {
        const [x, y] = await Promise.all([
          ledger.addReview({
            ...action,
            action: 'return',
            note: 'Xem lại chỉ tiêu 6',
            comments: [{ indicator: 'SL_LUONG_THUC', cell: 'E6', text: 'Số liệu khác báo cáo “thuyết minh”' }],
          }),
          other.addReview({ ...action, action: 'approve', note: null, comments: [] }),
        ]);
        expect([x, y].filter(Boolean)).toHaveLength(1); // the second reviewer is told to reload
      } finally {
        await other.close();
      }
      await ledger.addReview({ ...action, seq: 2, action: 'reopen', note: null, comments: [] });
      const got = await ledger.reviews('2023-uoc');
      expect(got.map((r) => [r.unit, r.seq])).toEqual([
        ['KT', 1],
        ['KT', 2],
      ]);
      const first = got[0];
      if (first.action === 'return') expect(first.comments).toEqual([{ indicator: 'SL_LUONG_THUC', cell: 'E6', text: 'Số liệu khác báo cáo “thuyết minh”' }]);
      expect(await ledger.reviews('2023-6t')).toEqual([]);
    });

    test('accounts and sessions: unique names, expiry, disabling ends the sessions', async ({ ledger }) => {
      const user = { name: 'lan.tckh', role: 'ke-hoach' as const, passwordHash: 'scrypt$1$2$3$s$h', createdAt: '2023-11-01T00:00:00.000Z', disabledAt: null };
      expect(await ledger.addUser(user)).toBe(true);
      expect(await ledger.addUser({ ...user, role: 'lanh-dao' })).toBe(false);
      await ledger.addUser({ ...user, name: 'an.lanhdao', role: 'lanh-dao' });
      expect((await ledger.users()).map((u) => [u.name, u.role])).toEqual([
        ['an.lanhdao', 'lanh-dao'],
        ['lan.tckh', 'ke-hoach'],
      ]);
      const now = '2023-11-20T01:00:00.000Z';
      await ledger.addSession({ idHash: 'h1', user: 'lan.tckh', createdAt: now, expiresAt: '2023-11-20T09:00:00.000Z' }, now);
      await ledger.addSession({ idHash: 'h2', user: 'lan.tckh', createdAt: now, expiresAt: '2023-11-20T02:00:00.000Z' }, now);
      expect((await ledger.session('h1', now))?.user.name).toBe('lan.tckh');
      expect(await ledger.session('h2', '2023-11-20T03:00:00.000Z')).toBeUndefined(); // expired
      expect(await ledger.setPassword('lan.tckh', 'scrypt$new')).toBe(true);
      expect((await ledger.user('lan.tckh'))?.passwordHash).toBe('scrypt$new');
      expect(await ledger.setPassword('khong-co', 'x')).toBe(false);
      expect(await ledger.disableUser('lan.tckh', now)).toBe(true);
      expect(await ledger.session('h1', now)).toBeUndefined();
      expect((await ledger.user('lan.tckh'))?.disabledAt).toBe(now);
      await ledger.addSession({ idHash: 'h3', user: 'an.lanhdao', createdAt: now, expiresAt: '2023-11-20T09:00:00.000Z' }, now);
      await ledger.deleteSession('h3');
      expect(await ledger.session('h3', now)).toBeUndefined();
      expect(await ledger.deleteSessions('an.lanhdao')).toBe(0);
    });
  });
}
