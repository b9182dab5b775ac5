/**
 * First set-up (#/thiet-lap?ma=CODE, the address `phuluc start` prints while there is no
 * account): the one-time code (from the address, editable), the administrator's account name,
 * full name and password typed twice; then signed in.
 */
import { Link, MessageBar, MessageBarType, PrimaryButton, TextField } from '@fluentui/react';
import { useState, type FormEvent } from 'react';
import type { ConsoleSession } from '../../shared/console-api.ts';
import { setup } from '../api.ts';
import { AccountNameFields } from '../components/AccountNameFields.tsx';
import { NewPasswordFields } from '../components/NewPasswordFields.tsx';
import { newPasswordProblem } from '../password.ts';
import { Page, css } from '../ui.tsx';

export function SetupPage({ code: fromAddress, setupNeeded, onDone }: { code?: string; setupNeeded: boolean; onDone: (s: ConsoleSession) => void }) {
  const [code, setCode] = useState(fromAddress ?? '');
  const [name, setName] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = !code.trim()
      ? 'Hãy nhập mã thiết lập (có trong địa chỉ mà lệnh “phuluc start” in ra).'
      : !name.trim()
        ? 'Hãy nhập tên tài khoản.'
        : fullName.trim().length < 2
          ? 'Hãy nhập họ và tên.'
          : newPasswordProblem(password, again);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError('');
    const r = await setup({ code: code.trim(), name: name.trim().toLowerCase(), fullName: fullName.trim(), password });
    setBusy(false);
    if (r.ok) onDone(r.data);
    else setError(r.message);
  };

  return (
    <div style={{ maxWidth: 520, margin: '4vh auto 0' }}>
      <Page title="Thiết lập lần đầu">
        {!setupNeeded && (
          <MessageBar messageBarType={MessageBarType.info} isMultiline>
            Hệ thống đã có tài khoản nên không cần thiết lập nữa. Hãy{' '}
            <Link underline href="#/">
              đăng nhập
            </Link>
            ; nếu quên mật khẩu, hãy nhờ người quản trị đặt lại.
          </MessageBar>
        )}
        <p style={{ margin: 0 }}>
          Tạo tài khoản <strong>quản trị hệ thống</strong> đầu tiên. Người quản trị tạo tài khoản cho Phòng Tài chính - Kế hoạch và lãnh đạo, mở kỳ báo cáo và
          cấp quyền nộp cho các đơn vị, đều trên trang quản lý này.
        </p>
        <form className={css.card} onSubmit={(e) => void submit(e)} aria-label="Thiết lập lần đầu" noValidate data-setup>
          {error && (
            <MessageBar messageBarType={MessageBarType.error} isMultiline role="alert">
              {error}
            </MessageBar>
          )}
          <TextField
            label="Mã thiết lập"
            value={code}
            onChange={(_e, v) => setCode(v ?? '')}
            required
            autoComplete="off"
            spellCheck={false}
            description="Mã nằm trong địa chỉ mà lệnh “phuluc start” in ra; chỉ dùng một lần."
            styles={{ field: { fontFamily: 'Consolas, "Courier New", monospace' } }}
          />
          <AccountNameFields name={name} fullName={fullName} onName={setName} onFullName={setFullName} own />
          <NewPasswordFields label="Mật khẩu" value={password} again={again} onValue={setPassword} onAgain={setAgain} description="Ít nhất 10 ký tự." />
          <PrimaryButton type="submit" text={busy ? 'Đang tạo tài khoản…' : 'Tạo tài khoản quản trị'} disabled={busy} />
        </form>
      </Page>
    </div>
  );
}
