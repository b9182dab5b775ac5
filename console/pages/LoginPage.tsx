/**
 * The first page: the login form (account name and password). While the system has no account
 * yet, it says how to make the first one: the set-up address `phuluc start` prints.
 */
import { MessageBar, MessageBarType, PrimaryButton, TextField } from '@fluentui/react';
import { useState, type FormEvent } from 'react';
import type { ConsoleSession } from '../../shared/console-api.ts';
import { login } from '../api.ts';
import { Page, css } from '../ui.tsx';

export function LoginPage({ onLogin, setupNeeded, problem }: { onLogin: (s: ConsoleSession) => void; setupNeeded: boolean; problem?: string }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || !password) {
      setError('Hãy nhập tên tài khoản và mật khẩu.');
      return;
    }
    setBusy(true);
    setError('');
    const r = await login(name.trim(), password);
    setBusy(false);
    if (r.ok) onLogin(r.data);
    else {
      setPassword('');
      setError(r.message);
    }
  };

  return (
    <div style={{ maxWidth: 440, margin: '8vh auto 0' }}>
      <Page title="Đăng nhập" focusTitle={false}>
        <p className={css.muted} style={{ margin: 0 }}>
          Trang quản lý báo cáo Phụ lục 1 của Phòng Tài chính - Kế hoạch. Tài khoản do người quản trị hệ thống tạo ở trang “Tài khoản”.
        </p>
        {problem && (
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {problem}
          </MessageBar>
        )}
        {setupNeeded && (
          <MessageBar messageBarType={MessageBarType.warning} isMultiline data-setup-needed>
            <div>
              <strong>Hệ thống chưa có tài khoản nào.</strong>
            </div>
            <div>
              Để tạo tài khoản quản trị đầu tiên, hãy khởi động lại hệ thống bằng lệnh “phuluc start” trên máy chạy hệ thống, rồi mở trong trình duyệt địa chỉ
              thiết lập mà lệnh in ra (dạng …/#/thiet-lap?ma=…). Địa chỉ này chỉ dùng một lần.
            </div>
          </MessageBar>
        )}
        <form className={css.card} onSubmit={(e) => void submit(e)} aria-label="Đăng nhập" noValidate>
          {error && (
            <MessageBar messageBarType={MessageBarType.error} isMultiline role="alert">
              {error}
            </MessageBar>
          )}
          <TextField label="Tên tài khoản" name="username" autoComplete="username" value={name} onChange={(_e, v) => setName(v ?? '')} required autoFocus />
          <TextField
            label="Mật khẩu"
            name="password"
            type="password"
            canRevealPassword
            revealPasswordAriaLabel="Hiện mật khẩu"
            autoComplete="current-password"
            value={password}
            onChange={(_e, v) => setPassword(v ?? '')}
            required
          />
          <PrimaryButton type="submit" text={busy ? 'Đang đăng nhập…' : 'Đăng nhập'} disabled={busy} />
        </form>
      </Page>
    </div>
  );
}
