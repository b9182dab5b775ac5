/**
 * The backup notice at the top of every console page: when the data was last backed up, and a
 * warning when that is longer ago than the office configured (or when no backup was ever made
 * while the nightly backup is configured). It asks GET /api/v1/console/backup once per sign-in.
 */
import { MessageBar, MessageBarType } from '@fluentui/react';
import { useEffect, useState } from 'react';
import { formatTimeVi } from '../shared/format.ts';
import { call } from './api.ts';
import { css } from './ui.tsx';

/** GET /api/v1/console/backup (worker/backup.ts BackupStatus; the worker's schema holds it). */
export interface BackupStatusView {
  configured: boolean;
  at: string | null;
  warnDays: number;
  last: { at: string; bytes: number } | null;
  overdue: boolean;
}

export const BACKUP_PATH = '/backup';

/** The sentence the notice shows, and whether it is a warning. */
export function backupNotice(s: BackupStatusView): { warning: boolean; text: string } {
  if (!s.last) {
    return s.configured
      ? {
          warning: true,
          text: `Chưa có bản sao lưu dữ liệu nào, dù đã đặt sao lưu hằng đêm lúc ${s.at}. Hãy báo bộ phận kỹ thuật kiểm tra (lệnh phuluc backup).`,
        }
      : { warning: false, text: 'Chưa có bản sao lưu dữ liệu nào. Hãy nhờ bộ phận kỹ thuật đặt sao lưu hằng đêm hoặc chạy lệnh phuluc backup.' };
  }
  const when = formatTimeVi(s.last.at);
  return s.overdue
    ? {
        warning: true,
        text: `Đã quá ${s.warnDays} ngày chưa sao lưu dữ liệu: lần sao lưu gần nhất lúc ${when}. Hãy báo bộ phận kỹ thuật kiểm tra việc sao lưu.`,
      }
    : { warning: false, text: `Sao lưu dữ liệu gần nhất lúc ${when}.` };
}

export function BackupNotice() {
  const [status, setStatus] = useState<BackupStatusView | null>(null);
  useEffect(() => {
    let live = true;
    void call<BackupStatusView>(BACKUP_PATH).then((r) => {
      if (live && r.ok) setStatus(r.data);
    });
    return () => {
      live = false;
    };
  }, []);
  if (!status) return null;
  const { warning, text } = backupNotice(status);
  return warning ? (
    <div data-backup-notice="warning" style={{ marginBottom: 12 }}>
      <MessageBar messageBarType={MessageBarType.warning} isMultiline>
        {text}
      </MessageBar>
    </div>
  ) : (
    <p data-backup-notice="ok" className={css.muted} style={{ margin: '0 0 8px', fontSize: 12, textAlign: 'right' }}>
      {text}
    </p>
  );
}
