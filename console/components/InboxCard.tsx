/**
 * The shared folder on the board: the files waiting there (ready, or still being written), when
 * the system first saw each, what it leaves there and why; “Nhận ngay” takes them now.
 */
import { DefaultButton } from '@fluentui/react';
import { useState } from 'react';
import type { InboxWaiting } from '../../shared/console-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { takeInbox } from '../api.ts';
import { Notice, Problem, css } from '../ui.tsx';

export function InboxCard({ inbox, acts, onTaken }: { inbox: InboxWaiting; acts: boolean; onTaken: () => void }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [error, setError] = useState('');
  const waiting = [...inbox.ready.map((f) => ({ ...f, ready: true })), ...inbox.settling.map((f) => ({ ...f, ready: false }))];
  if (!acts && waiting.length === 0 && inbox.skipped.length === 0) return null;

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
      {acts && (
        <div className={css.row}>
          <DefaultButton text={busy ? 'Đang nhận tệp…' : 'Nhận ngay'} onClick={() => void take()} disabled={busy} iconProps={{ iconName: 'Download' }} />
          <span className={css.muted}>Hệ thống vẫn tự nhận theo lịch; “Nhận ngay” nhận các tệp này ngay bây giờ.</span>
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
