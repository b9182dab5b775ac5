/**
 * A unit's history on the console's submission page (issue 21): one plain sentence per event —
 * who (the officer by full name, the unit by its name and how its file came), what, when — with no
 * word twice, no login name, no file hash; the shown submission is “bản này”, another a link.
 */
import { describe, expect, it } from 'vitest';
import { historyLine, historyText, SYSTEM_ACTOR, type ReviewEvent } from '../../shared/review.ts';
import { actorNames } from '../../worker/http/console-views.ts';

const AT = '2023-11-20T10:00:00Z'; // 17:00 in Vietnam
const UNIT = 'Phòng Kinh tế';

function ev(e: Partial<ReviewEvent> & Pick<ReviewEvent, 'action' | 'state'>): ReviewEvent {
  return { submissionId: 5, unit: 'KT', period: '2023-uoc', actor: SYSTEM_ACTOR, at: AT, ...e };
}

/** Two-word groups a text has more than once (“chờ mở khoá) (chờ mở khoá” has “chờ mở”, “mở khoá”). */
function repeatedPairs(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\d]+/gu) ?? [];
  const pairs = words.slice(1).map((w, i) => `${words[i]} ${w}`);
  return pairs.filter((p, i) => pairs.indexOf(p) !== i);
}

const line = (e: ReviewEvent, shown = 5) => historyText(historyLine(e, shown, UNIT));

describe('history lines of the submission page', () => {
  it('a file: the unit, how it came and when; “bản này” on its own page, “bản số N” elsewhere', () => {
    expect(line(ev({ action: 'received', state: 'awaiting_review', source: 'http' }))).toBe(
      'Phòng Kinh tế nộp bản này qua phần bổ trợ lúc 17:00 ngày 20/11/2023.',
    );
    expect(line(ev({ action: 'received', state: 'awaiting_review', source: 'inbox' }), 16)).toBe(
      'Phòng Kinh tế nộp bản số 5 qua thư mục nộp báo cáo chung lúc 17:00 ngày 20/11/2023.',
    );
    expect(line(ev({ action: 'received', state: 'rejected', source: 'inbox' }))).toBe(
      'Phòng Kinh tế nộp bản này qua thư mục nộp báo cáo chung lúc 17:00 ngày 20/11/2023; tệp không hợp lệ.',
    );
  });

  it('a file held while approved says so once; reopening puts it up for review', () => {
    expect(line(ev({ submissionId: 16, action: 'held', state: 'held', source: 'http' }))).toBe(
      'Phòng Kinh tế nộp bản số 16 qua phần bổ trợ lúc 17:00 ngày 20/11/2023 khi báo cáo đã được duyệt, nên phải chờ mở khoá.',
    );
    expect(line(ev({ submissionId: 16, action: 'released', state: 'awaiting_review' }), 16)).toBe(
      'Bản này chuyển sang chờ duyệt lúc 17:00 ngày 20/11/2023 vì báo cáo được mở lại.',
    );
    expect(line(ev({ action: 'superseded', state: 'superseded' }), 16)).toBe('Bản số 5 được thay thế lúc 17:00 ngày 20/11/2023 vì Phòng Kinh tế đã nộp lại.');
  });

  it("the office's actions: the officer's name, the action, the time", () => {
    expect(line(ev({ action: 'approve', state: 'approved', actor: 'Trần Thị Lan' }))).toBe('Trần Thị Lan duyệt bản này lúc 17:00 ngày 20/11/2023.');
    expect(line(ev({ action: 'return', state: 'returned', actor: 'Trần Thị Lan', note: 'Thiếu giải trình' }), 16)).toBe(
      'Trần Thị Lan trả lại bản số 5 lúc 17:00 ngày 20/11/2023.',
    );
    expect(line(ev({ action: 'reopen', state: 'awaiting_review', actor: 'Trần Thị Lan' }))).toBe(
      'Trần Thị Lan mở lại bản này lúc 17:00 ngày 20/11/2023; báo cáo trở về chờ duyệt.',
    );
    expect(line(ev({ action: 'reopen', state: 'superseded', actor: 'Trần Thị Lan' }))).toBe('Trần Thị Lan mở lại bản này lúc 17:00 ngày 20/11/2023.');
  });

  it('another submission is a link to it; the shown one is not', () => {
    expect(historyLine(ev({ action: 'approve', state: 'approved', actor: 'Trần Thị Lan' }), 16, UNIT)).toEqual([
      'Trần Thị Lan duyệt ',
      { submissionId: 5, text: 'bản số 5' },
      ' lúc 17:00 ngày 20/11/2023.',
    ]);
    expect(historyLine(ev({ action: 'approve', state: 'approved', actor: 'Trần Thị Lan' }), 5, UNIT).every((p) => typeof p === 'string')).toBe(true);
  });

  it('no line repeats a word group or shows a state in brackets', () => {
    expect(repeatedPairs('Nhận tệp khi đã duyệt (chờ mở khoá) (chờ mở khoá), hệ thống')).toEqual(['chờ mở', 'mở khoá']);
    const actions = ['received', 'held', 'released', 'superseded', 'approve', 'return', 'reopen'] as const;
    for (const action of actions) {
      for (const shown of [5, 16]) {
        const text = line(ev({ action, state: 'awaiting_review', actor: 'Trần Thị Lan', source: 'http' }), shown);
        expect(text, text).not.toMatch(/\(|\)|·|hệ thống/);
        expect(repeatedPairs(text), text).toEqual([]);
      }
    }
  });
});

describe('who acted, as the history names them', () => {
  const users = [
    { name: 'lan.tckh', role: 'ke-hoach' as const, fullName: 'Trần Thị Lan' },
    { name: 'hung', role: 'ke-hoach' as const, fullName: '' },
    { name: 'admin', role: 'quan-tri' as const, fullName: ' ' },
  ];
  const nameOf = actorNames(users);

  it('by full name; an account without one by its role; never a login name', () => {
    expect(nameOf('lan.tckh')).toBe('Trần Thị Lan');
    expect(nameOf('hung')).toBe('Phòng Tài chính - Kế hoạch');
    expect(nameOf('admin')).toBe('Quản trị hệ thống');
    expect(nameOf('da-xoa')).toBe('Phòng Tài chính - Kế hoạch');
    expect(nameOf(SYSTEM_ACTOR)).toBe(SYSTEM_ACTOR);
  });
});
