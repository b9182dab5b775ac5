/**
 * “Đổi mật khẩu”: anyone changes their own password (#/doi-mat-khau). When an administrator made
 * the account or reset its password, this is the only page until the change is done.
 */
import { MessageBar, MessageBarType, PrimaryButton, TextField } from '@fluentui/react';
import { useState, type FormEvent } from 'react';
import type { ConsoleSession } from '../../shared/console-api.ts';
import { changePassword } from '../api.ts';
import { NewPasswordFields } from '../components/NewPasswordFields.tsx';
import { newPasswordProblem } from '../password.ts';
import { Notice, Page, css } from '../ui.tsx';

export function PasswordPage({ forced, onChanged }: { forced: boolean; onChanged: (s: ConsoleSession) => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = !current ? 'Hãy nhập mật khẩu đang dùng.' : newPasswordProblem(next, again);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError('');
    setDone(false);
    const r = await changePassword(current, next);
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    setCurrent('');
    setNext('');
    setAgain('');
    setDone(true);
    onChanged(r.data);
  };

  return (
    <div style={{ maxWidth: 520, margin: forced ? '4vh auto 0' : undefined }}>
      <Page title={forced ? 'Đổi mật khẩu trước khi làm việc' : 'Đổi mật khẩu'}>
        {forced && (
          <MessageBar messageBarType={MessageBarType.warning} isMultiline>
            Mật khẩu của tài khoản do người quản trị đặt. Hãy đặt mật khẩu của riêng mình; sau đó mới dùng được các trang khác.
          </MessageBar>
        )}
        {done && <Notice text="Đã đổi mật khẩu. Các phiên làm việc khác của tài khoản này đã kết thúc." />}
        <form className={css.card} onSubmit={(e) => void submit(e)} aria-label="Đổi mật khẩu" noValidate data-password-form>
          {error && (
            <MessageBar messageBarType={MessageBarType.error} isMultiline role="alert">
              {error}
            </MessageBar>
          )}
          <TextField
            label={forced ? 'Mật khẩu được cấp' : 'Mật khẩu đang dùng'}
            type="password"
            value={current}
            onChange={(_e, v) => setCurrent(v ?? '')}
            required
            autoComplete="current-password"
          />
          <NewPasswordFields
            label="Mật khẩu mới"
            value={next}
            again={again}
            onValue={setNext}
            onAgain={setAgain}
            description="Ít nhất 10 ký tự, khác mật khẩu đang dùng."
          />
          <PrimaryButton type="submit" text={busy ? 'Đang đổi mật khẩu…' : 'Đổi mật khẩu'} disabled={busy} />
        </form>
      </Page>
    </div>
  );
}
