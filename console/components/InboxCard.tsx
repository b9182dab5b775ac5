/**
 * The shared folder on the board: the files waiting there (ready, or still being written), when
 * the system first saw each, what it leaves there and why; “Nhận ngay” takes them now. The system
 * watches the folder and takes a file within seconds of its saving, so the button is for the rare
 * file still there. A closed period takes no file: its board offers no “Nhận ngay”, says why when
 * files wait, and shows no card when nothing does.
 */
import { DefaultButton } from '@fluentui/react';
import { useState } from 'react';
import type { InboxWaiting } from '../../shared/console-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { takeInbox } from '../api.ts';
import { Notice, Problem, css } from '../ui.tsx';

/** What the card says beside “Nhận ngay”, and instead of it on a closed period's board. */
export const INBOX_WATCHED = 'Hệ thống tự nhận tệp trong vài giây sau khi tệp được lưu vào thư mục; “Nhận ngay” nhận ngay các tệp còn lại.';
export const INBOX_CLOSED = 'Kỳ báo cáo này đã đóng nên không nhận thêm tệp.';

export function InboxCard({ inbox, acts, open, onTaken }: { inbox: InboxWaiting; acts: boolean; open: boolean; onTaken: () => void }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [error, setError] = useState('');
  const waiting = [...inbox.ready.map((f) => ({ ...f, ready: true })), ...inbox.settling.map((f) => ({ ...f, ready: false }))];
  if ((!acts || !open) && waiting.length === 0 && inbox.skipped.length === 0) return null;

  const take = async () => {
    setBusy(true);
    setDone('');
    setError('');
    const r = await takeInbox();
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    const still = r.data.settling.length
      ? ` Còn ${r.data.settling.length} tệp đang được ghi vào thư mục (${r.data.settling.join(', ')}); hệ thống nhận khi ghi xong.`
      : '';
    setDone(`${r.data.message}${still}`);
    onTaken();
  };

  return (
    <section className={css.card} aria-labelledby="thu-muc-chung" data-inbox>
      <h2 className={css.h2} style={{ margin: 0 }} id="thu-muc-chung">
        Thư mục nộp báo cáo chung
      </h2>
      {waiting.length === 0 ? (
        <div className={css.muted}>Không có tệp nào đang chờ nhận.</div>
      ) : (
        <>
          <div>{waiting.length} tệp đang chờ nhận:</div>
          <ul className={css.list} data-inbox-waiting>
            {waiting.map((f) => (
              <li key={f.name}>
                <span className={css.hash}>{f.name}</span> — {f.ready ? 'sẵn sàng nhận' : 'đang được ghi vào thư mục'}, thấy lúc {formatTimeVi(f.firstSeenAt)}
              </li>
            ))}
          </ul>
        </>
      )}
      {inbox.skipped.length > 0 && (
        <details>
          <summary>{inbox.skipped.length} mục hệ thống để lại trong thư mục</summary>
          <ul className={css.list}>
            {inbox.skipped.map((f) => (
              <li key={f.name}>
                <span className={css.hash}>{f.name}</span>: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {acts && open && (
        <div className={css.row}>
          <DefaultButton text={busy ? 'Đang nhận tệp…' : 'Nhận ngay'} onClick={() => void take()} disabled={busy} iconProps={{ iconName: 'Download' }} />
          <span className={css.muted}>{INBOX_WATCHED}</span>
        </div>
      )}
      {acts && !open && (
        <div className={css.muted} data-inbox-closed>
          {INBOX_CLOSED}
        </div>
      )}
      {done && (
        <Notice>
          <span data-taken>{done}</span>
        </Notice>
      )}
      {error && <Problem text={error} />}
    </section>
  );
}
