/**
 * The shared folder's card on the board: the folder is watched (a file is taken within seconds),
 * so the card says so, not “by the schedule”; a closed period's board offers no “Nhận ngay” — it
 * says why when files wait there, and shows no card when none do.
 */
import { setIconOptions } from '@fluentui/react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { InboxCard } from '../../console/components/InboxCard.tsx';
import type { InboxWaiting } from '../../shared/console-api.ts';

// The console registers its icon font at start; here the button's icon is not drawn.
setIconOptions({ disableWarnings: true });

const EMPTY: InboxWaiting = { settling: [], ready: [], skipped: [] };
const WAITING: InboxWaiting = { settling: [], ready: [{ name: 'KT.xlsx', firstSeenAt: '2024-07-10T02:00:00Z' }], skipped: [] };
const card = (inbox: InboxWaiting, open: boolean, acts = true) => renderToStaticMarkup(createElement(InboxCard, { inbox, acts, open, onTaken: () => {} }));

describe('the shared folder’s card', () => {
  it('on an open period: “Nhận ngay”, and the folder said to be watched, not taken by a schedule', () => {
    const html = card(WAITING, true);
    expect(html).toContain('Nhận ngay');
    expect(html).toContain('Hệ thống tự nhận tệp trong vài giây sau khi tệp được lưu vào thư mục; “Nhận ngay” nhận ngay các tệp còn lại.');
    expect(html).not.toContain('theo lịch');
  });

  it('on a closed period: no “Nhận ngay”; one line says why when files wait; no card when none do', () => {
    const html = card(WAITING, false);
    expect(html).toContain('KT.xlsx');
    expect(html).not.toContain('Nhận ngay');
    expect(html).toContain('Kỳ báo cáo này đã đóng nên không nhận thêm tệp.');
    expect(card(EMPTY, false)).toBe('');
    // A leader is told nothing about acting.
    expect(card(WAITING, false, false)).not.toContain('đã đóng');
  });
});
