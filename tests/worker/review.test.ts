/**
 * The review cycle as data: the derivation of states from submissions and the office's actions
 * (examples, then properties over random histories: the live check and the replay agree, one
 * approved submission at most, the appendix's source is the approved one, a rebuilt ledger with new
 * ids gives the same states), the reporting calendar, and the warning for a figure far from the
 * previous period (a printed figure: property-tested).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFigure } from '../../shared/report.ts';
import { calendarDaysUntil, cutoffWindow, deadlineLabel, previousPeriodId } from '../../shared/period.ts';
import { allowedActions, nextState, type ReviewAction, type ReviewState } from '../../shared/review.ts';
import { farFromPrevious } from '../../worker/consolidate/warnings.ts';
import type { ReviewRecord, SubmissionStub } from '../../worker/ledger/contract.ts';
import { deriveUnitReview } from '../../worker/review/state.ts';
import { loadCatalog } from '../helpers/catalog.ts';

const PERIOD = '2023-uoc';

/** A unit's history built step by step the way the worker does: actions checked against the derivation first. */
class History {
  subs: SubmissionStub[] = [];
  actions: ReviewRecord[] = [];
  private n = 0;
  constructor(
    readonly firstId = 1,
    readonly unit = 'KT',
  ) {}

  receive(status: 'accepted' | 'rejected' = 'accepted'): SubmissionStub {
    const id = this.firstId + this.subs.length;
    const s: SubmissionStub = {
      id,
      sha256: `sha-${this.n++}`,
      fileName: `f${id}.xlsx`,
      source: 'http',
      receivedAt: new Date(Date.UTC(2023, 10, 1, 0, this.n)).toISOString(),
      status,
      unit: this.unit,
    };
    this.subs.push(s);
    return s;
  }

  derive() {
    return deriveUnitReview(this.unit, PERIOD, this.subs, this.actions);
  }

  stateOf(s: SubmissionStub): ReviewState | undefined {
    return this.derive().states.get(s.id)?.state;
  }

  /** Records the action when the live check allows it; returns whether it did. */
  act(s: SubmissionStub, action: ReviewAction, note: string | null = null): boolean {
    const d = this.derive();
    const from = d.states.get(s.id)?.state;
    if (!from || !nextState(from, action)) return false;
    this.actions.push({
      id: this.actions.length + 1,
      unit: this.unit,
      period: PERIOD,
      seq: this.actions.length + 1,
      sha256: s.sha256,
      afterSha256: d.latest!.sha256,
      action,
      actor: 'lan',
      at: new Date(Date.UTC(2023, 10, 2, 0, this.actions.length)).toISOString(),
      note,
      comments: [],
    });
    return true;
  }
}

describe('the review states of a unit', () => {
  it('a new file supersedes; a return keeps the figures until the unit submits again', () => {
    const h = new History();
    const a = h.receive();
    expect(h.stateOf(a)).toBe('awaiting_review');
    expect(h.act(a, 'return', 'Kiểm tra lại chỉ tiêu 6')).toBe(true);
    expect(h.stateOf(a)).toBe('returned');
    expect(h.derive().current?.id).toBe(a.id);
    expect(h.act(a, 'approve')).toBe(false);
    const b = h.receive();
    expect([h.stateOf(a), h.stateOf(b)]).toEqual(['superseded', 'awaiting_review']);
    expect(h.derive().timeline.map((e) => e.action)).toEqual(['received', 'superseded', 'return', 'received']);
  });

  it('approved is locked: a later file is held and changes nothing until reopened; reopening puts the newest held file up', () => {
    const h = new History();
    const a = h.receive();
    expect(h.act(a, 'approve')).toBe(true);
    const b = h.receive();
    const c = h.receive();
    let d = h.derive();
    expect([d.state, d.current?.id, d.held.map((x) => x.id)]).toEqual(['approved', a.id, [b.id, c.id]]);
    expect([h.stateOf(b), h.stateOf(c)]).toEqual(['held', 'held']);
    expect(h.act(b, 'approve')).toBe(false);
    expect(h.act(a, 'reopen')).toBe(true);
    d = h.derive();
    expect([h.stateOf(a), h.stateOf(b), h.stateOf(c)]).toEqual(['superseded', 'superseded', 'awaiting_review']);
    expect([d.current?.id, d.held]).toEqual([c.id, []]);
    // Newest first: the held file put up for review (“released”, not received again), the reopening, the files as they came.
    expect(d.timeline.map((e) => [e.action, e.submissionId, e.source])).toEqual([
      ['released', c.id, undefined],
      ['reopen', a.id, undefined],
      ['held', c.id, 'http'],
      ['held', b.id, 'http'],
      ['approve', a.id, undefined],
      ['received', a.id, 'http'],
    ]);
  });

  it('reopening without held files makes the approved one wait again; a return can be taken back', () => {
    const h = new History();
    const a = h.receive();
    h.act(a, 'approve');
    h.act(a, 'reopen');
    expect(h.stateOf(a)).toBe('awaiting_review');
    h.act(a, 'return', 'Thiếu giải trình');
    h.act(a, 'reopen');
    expect(h.stateOf(a)).toBe('awaiting_review');
    expect(allowedActions(h.stateOf(a))).toEqual(['approve', 'return']);
  });

  it('a rejected file leaves the valid one in force; a unit with only rejected files is “rejected”', () => {
    const h = new History();
    const bad = h.receive('rejected');
    expect([h.derive().state, h.derive().current]).toEqual(['rejected', undefined]);
    const a = h.receive();
    h.receive('rejected');
    expect([h.derive().state, h.derive().current?.id, h.stateOf(bad)]).toEqual(['awaiting_review', a.id, 'rejected']);
  });

  it('an approval taken while a new file was still being read holds that file (the action sits after what was seen)', () => {
    const h = new History();
    const a = h.receive();
    // The officer approves a; b's analysis finishes and it is recorded just after.
    expect(h.act(a, 'approve')).toBe(true);
    const b = h.receive();
    expect([h.stateOf(a), h.stateOf(b)]).toEqual(['approved', 'held']);
  });

  it('ignores actions about files it does not know, or placed before their subject', () => {
    const h = new History();
    const a = h.receive();
    const ghost = { ...h.subs[0], sha256: 'unknown' };
    h.actions.push({
      id: 1,
      unit: 'KT',
      period: PERIOD,
      seq: 1,
      sha256: ghost.sha256,
      afterSha256: a.sha256,
      action: 'approve',
      actor: 'x',
      at: a.receivedAt,
      note: null,
      comments: [],
    });
    const d = h.derive();
    expect([d.state, d.ignored.length]).toEqual(['awaiting_review', 1]);
  });
});

type Step = { kind: 'receive'; ok: boolean } | { kind: 'act'; pick: number; action: ReviewAction };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), ok: fc.boolean() }),
  fc.record({ kind: fc.constant('act' as const), pick: fc.nat(20), action: fc.constantFrom<ReviewAction>('approve', 'return', 'reopen') }),
);

function play(steps: Step[], firstId = 1): History {
  const h = new History(firstId);
  for (const s of steps) {
    if (s.kind === 'receive') h.receive(s.ok ? 'accepted' : 'rejected');
    else if (h.subs.length) h.act(h.subs[s.pick % h.subs.length], s.action);
  }
  return h;
}

describe('properties of the derivation over random histories', () => {
  it('replaying the recorded actions ignores none of them (the live check and the replay agree)', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        expect(play(steps).derive().ignored).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('at most one approved submission; while approved it is the one in force and later files are held; nothing is held otherwise', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const d = play(steps).derive();
        const states = [...d.states.values()].map((s) => s.state);
        const approved = [...d.states].filter(([, s]) => s.state === 'approved');
        expect(approved.length).toBeLessThanOrEqual(1);
        if (approved.length) expect(d.current?.id).toBe(approved[0][0]);
        if (!approved.length) expect(states).not.toContain('held');
        expect(d.held.every((s) => d.states.get(s.id)?.state === 'held')).toBe(true);
        // The one in force is the latest accepted file unless the unit is locked.
        const accepted =
          d.current && !approved.length
            ? play(steps)
                .subs.filter((s) => s.status === 'accepted')
                .pop()
            : undefined;
        if (accepted) expect(d.current!.id).toBe(accepted.id);
        // Only the file in force can be awaiting review or returned.
        for (const [id, s] of d.states) if (s.state === 'awaiting_review' || s.state === 'returned') expect(id).toBe(d.current?.id);
      }),
      { numRuns: 300 },
    );
  });

  it('a rebuilt ledger (new ids, same order, actions by content) gives the same states', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 2, max: 10_000 }), (steps, firstId) => {
        const live = play(steps);
        const rebuilt = new History(firstId);
        rebuilt.subs = live.subs.map((s, i) => ({ ...s, id: firstId + i }));
        rebuilt.actions = [...live.actions].reverse().map((a, i) => ({ ...a, id: 1000 + i }));
        const bySha = (h: History) => {
          const d = h.derive();
          return h.subs.map((s) => [s.sha256, d.states.get(s.id)?.state]);
        };
        expect(bySha(rebuilt)).toEqual(bySha(live));
        expect(rebuilt.derive().current?.sha256).toBe(live.derive().current?.sha256);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the reporting calendar (Decree 09/2019/NĐ-CP)', () => {
  it('gives each period its data cutoff window', () => {
    expect(cutoffWindow('2023-6t')).toEqual({ from: '2022-12-15', to: '2023-06-14' });
    expect(cutoffWindow('2023-9t')).toEqual({ from: '2022-12-15', to: '2023-09-14' });
    expect(cutoffWindow('2023-uoc')).toEqual({ from: '2022-12-15', to: '2023-12-14' });
    expect(cutoffWindow('2024-nam')).toEqual({ from: '2023-12-15', to: '2024-12-14' });
    expect(cutoffWindow('2023-quy1')).toBeUndefined();
  });

  it('counts days left on the Vietnam calendar, and says overdue once the deadline passed', () => {
    const deadline = '2023-11-20T17:00:00+07:00';
    expect(calendarDaysUntil(deadline, new Date('2023-11-15T10:00:00+07:00'))).toBe(5);
    // 23:30 in Hà Nội on the 19th is still the 19th there although it is the 19th 16:30 UTC.
    expect(calendarDaysUntil(deadline, new Date('2023-11-19T23:30:00+07:00'))).toBe(1);
    expect(calendarDaysUntil(deadline, new Date('2023-11-20T00:10:00+07:00'))).toBe(0);
    expect(deadlineLabel(deadline, new Date('2023-11-20T09:00:00+07:00'))).toBe('hạn nộp là hôm nay');
    expect(deadlineLabel(deadline, new Date('2023-11-20T17:30:00+07:00'))).toBe('đã quá hạn (hạn nộp là hôm nay)');
    expect(deadlineLabel(deadline, new Date('2023-11-23T08:00:00+07:00'))).toBe('quá hạn 3 ngày');
    expect(deadlineLabel(deadline, new Date('2023-11-13T08:00:00+07:00'))).toBe('còn 7 ngày');
  });

  it('follows 6 tháng → 9 tháng → năm for the previous period', () => {
    const ids = ['2023-6t', '2023-9t', '2023-uoc', '2023-nam'];
    expect(ids.map((id) => previousPeriodId(id, ids))).toEqual([undefined, '2023-6t', '2023-9t', '2023-uoc']);
    expect(previousPeriodId('2023-nam', ['2023-6t', '2023-nam'])).toBe('2023-6t');
  });
});

describe('a figure far from the previous period', () => {
  const catalog = loadCatalog(2023);
  const ind = catalog.indicators.find((i) => i.code === 'SL_LUONG_THUC')!;
  const figure = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((v) => Math.round(v * 10) / 10);

  it('warns exactly when the ratio passes 3 either way or the sign changes, printing both figures the Vietnamese way', () => {
    fc.assert(
      fc.property(figure, figure, (current, previous) => {
        const m = farFromPrevious(ind, current, previous, 'Ước thực hiện 9 tháng năm 2023');
        const ratio = Math.abs(current) / Math.abs(previous);
        const far = current !== 0 && previous !== 0 && (current * previous < 0 || ratio > 3 || ratio < 1 / 3);
        expect(m !== undefined).toBe(far);
        if (m) {
          expect(m).toContain(`Số liệu kỳ này ${formatFigure(ind, current)} so với ${formatFigure(ind, previous)} của kỳ “Ước thực hiện 9 tháng năm 2023”`);
          expect(m).not.toMatch(/NaN|Infinity|e[+-]\d/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads as an officer would: “gấp 4 lần”, “chỉ bằng 25%”', () => {
    expect(farFromPrevious(ind, 60_000, 15_000, '9 tháng')).toContain('(gấp 4 lần)');
    expect(farFromPrevious(ind, 3_750, 15_000, '9 tháng')).toContain('(chỉ bằng 25%)');
    expect(farFromPrevious(ind, 15_249.1, 11_000, '9 tháng')).toBeUndefined();
  });
});
