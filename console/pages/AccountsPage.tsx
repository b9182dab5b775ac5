/**
 * “Tài khoản” (#/tai-khoan, the administrator only): the accounts (name, full name, role, made,
 * locked, to change its password); making one with a temporary password shown once, to be
 * changed at the first login; resetting a password (which also unlocks); locking; changing the
 * role or the full name. The system's refusals (the last administrator …) are shown as it words them.
 */
import { DefaultButton, PrimaryButton, TextField } from '@fluentui/react';
import { useState } from 'react';
import { CONSOLE_ROLES, ROLE_LABEL, type ConsoleRole } from '../../shared/accounts.ts';
import type { AccountView, AccountsResponse } from '../../shared/console-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { accounts, addAccount, changeRole, disableAccount, resetPassword } from '../api.ts';
import { AccountNameFields } from '../components/AccountNameFields.tsx';
import { useFrame } from '../frame.ts';
import { newPasswordProblem, temporaryPassword } from '../password.ts';
import { ConfirmDialog, Loading, Notice, Page, Problem, Select, css, useLoad } from '../ui.tsx';

const ROLE_OPTIONS = CONSOLE_ROLES.map((r) => ({ value: r, text: ROLE_LABEL[r] }));

type Dialog =
  | { kind: 'reset'; account: AccountView; password: string }
  | { kind: 'lock'; account: AccountView }
  | { kind: 'role'; account: AccountView; role: ConsoleRole; fullName: string };

export function AccountsPage() {
  const { admin } = useFrame();
  if (!admin)
    return (
      <Page title="Tài khoản">
        <Problem text="Chỉ tài khoản quản trị hệ thống quản lý được các tài khoản." />
      </Page>
    );
  return <Accounts />;
}

function Accounts() {
  const { session } = useFrame();
  const { data, error, reload } = useLoad<AccountsResponse>(() => accounts(), 'accounts');
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState('');
  const [handOver, setHandOver] = useState<{ name: string; password: string; made: boolean } | undefined>();
  const [done, setDone] = useState('');

  if (error)
    return (
      <Page title="Tài khoản">
        <Problem text={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title="Tài khoản">
        <Loading />
      </Page>
    );

  const open = (d: Dialog) => {
    setDialogError('');
    setDone('');
    setHandOver(undefined);
    setDialog(d);
  };
  const act = async () => {
    if (!dialog) return;
    const name = dialog.account.name;
    if (dialog.kind === 'reset') {
      const problem = newPasswordProblem(dialog.password, dialog.password);
      if (problem) {
        setDialogError(problem);
        return;
      }
    }
    setBusy(true);
    setDialogError('');
    const r =
      dialog.kind === 'reset'
        ? await resetPassword(name, dialog.password)
        : dialog.kind === 'lock'
          ? await disableAccount(name)
          : await changeRole(name, {
              role: dialog.role,
              ...(dialog.fullName.trim() && dialog.fullName.trim() !== dialog.account.fullName ? { fullName: dialog.fullName.trim() } : {}),
            });
    setBusy(false);
    if (!r.ok) {
      setDialogError(r.message);
      return;
    }
    if (dialog.kind === 'reset') setHandOver({ name, password: dialog.password, made: false });
    else
      setDone(
        dialog.kind === 'lock' ? `Đã khoá tài khoản “${name}”: tài khoản không đăng nhập được nữa.` : `Đã lưu vai trò và họ tên của tài khoản “${name}”.`,
      );
    setDialog(undefined);
    reload();
  };

  return (
    <Page title="Tài khoản">
      <p className={css.muted} style={{ margin: 0 }}>
        Vai trò: {ROLE_LABEL['quan-tri']} (quản lý tài khoản và làm mọi việc của Phòng Tài chính - Kế hoạch); {ROLE_LABEL['ke-hoach']} (mở kỳ báo cáo, cấp quyền
        nộp, duyệt, nhắc nộp); {ROLE_LABEL['lanh-dao']}.
      </p>
      {handOver && <HandOver {...handOver} onDone={() => setHandOver(undefined)} />}
      {done && <Notice text={done} />}
      <table className={css.table} aria-label="Các tài khoản" data-accounts>
        <thead>
          <tr>
            <th scope="col">Tên tài khoản</th>
            <th scope="col">Họ và tên</th>
            <th scope="col">Vai trò</th>
            <th scope="col">Tạo lúc</th>
            <th scope="col">Tình trạng</th>
            <th scope="col">Thao tác</th>
          </tr>
        </thead>
        <tbody>
          {data.accounts.map((a) => (
            <tr key={a.name} data-account={a.name}>
              <td data-label="Tên tài khoản">
                <div>
                  <span className={css.hash}>{a.name}</span>
                  {a.name === session.user && <span className={css.muted}> (đang dùng)</span>}
                </div>
              </td>
              <td data-label="Họ và tên">{a.fullName || '—'}</td>
              <td data-label="Vai trò">{ROLE_LABEL[a.role]}</td>
              <td data-label="Tạo lúc">{formatTimeVi(a.createdAt)}</td>
              <td data-label="Tình trạng" data-account-state>
                {a.disabledAt ? `Đã khoá lúc ${formatTimeVi(a.disabledAt)}` : a.mustChangePassword ? 'Phải đổi mật khẩu khi đăng nhập' : 'Đang dùng'}
              </td>
              <td data-label="Thao tác">
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
                  <DefaultButton
                    text="Vai trò, họ tên…"
                    ariaLabel={`Vai trò, họ tên của ${a.name}`}
                    onClick={() => open({ kind: 'role', account: a, role: a.role, fullName: a.fullName })}
                  />
                  <DefaultButton
                    text={a.disabledAt ? 'Mở khoá, đặt lại mật khẩu…' : 'Đặt lại mật khẩu…'}
                    ariaLabel={`${a.disabledAt ? 'Mở khoá, đặt lại mật khẩu' : 'Đặt lại mật khẩu'} của ${a.name}`}
                    onClick={() => open({ kind: 'reset', account: a, password: temporaryPassword() })}
                  />
                  {!a.disabledAt && a.name !== session.user && (
                    <DefaultButton text="Khoá…" ariaLabel={`Khoá tài khoản ${a.name}`} onClick={() => open({ kind: 'lock', account: a })} />
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewAccount
        onMade={(name, password) => {
          setDone('');
          setHandOver({ name, password, made: true });
          reload();
        }}
      />

      <ConfirmDialog
        open={dialog?.kind === 'reset'}
        title={`Đặt lại mật khẩu — ${dialog?.account.name ?? ''}`}
        confirmText="Đặt lại mật khẩu"
        text="Các phiên làm việc đang mở của tài khoản này kết thúc; người dùng đăng nhập bằng mật khẩu tạm thời dưới đây rồi phải đổi ngay. Tài khoản đang khoá sẽ được mở khoá."
        onConfirm={() => void act()}
        onCancel={() => setDialog(undefined)}
        busy={busy}
        error={dialogError}
      >
        {dialog?.kind === 'reset' && (
          <TextField
            label="Mật khẩu tạm thời"
            value={dialog.password}
            onChange={(_e, v) => setDialog({ ...dialog, password: v ?? '' })}
            styles={{ field: { fontFamily: 'Consolas, "Courier New", monospace' } }}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog?.kind === 'lock'}
        title={`Khoá tài khoản ${dialog?.account.name ?? ''}?`}
        confirmText="Khoá tài khoản"
        text="Tài khoản bị khoá không đăng nhập được; các thao tác đã làm vẫn ghi trong nhật ký. Muốn dùng lại, hãy đặt lại mật khẩu cho tài khoản."
        onConfirm={() => void act()}
        onCancel={() => setDialog(undefined)}
        busy={busy}
        error={dialogError}
      />
      <ConfirmDialog
        open={dialog?.kind === 'role'}
        title={`Vai trò và họ tên — ${dialog?.account.name ?? ''}`}
        confirmText="Lưu"
        onConfirm={() => void act()}
        onCancel={() => setDialog(undefined)}
        busy={busy}
        error={dialogError}
      >
        {dialog?.kind === 'role' && (
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <TextField label="Họ và tên" value={dialog.fullName} onChange={(_e, v) => setDialog({ ...dialog, fullName: v ?? '' })} />
            <Select label="Vai trò" value={dialog.role} onChange={(v) => setDialog({ ...dialog, role: v as ConsoleRole })} options={ROLE_OPTIONS} />
          </div>
        )}
      </ConfirmDialog>
    </Page>
  );
}

/** The temporary password, shown once, with what the person must do with it. */
function HandOver({ name, password, made, onDone }: { name: string; password: string; made: boolean; onDone: () => void }) {
  return (
    <Notice>
      <div data-hand-over>
        {made ? `Đã tạo tài khoản “${name}”.` : `Đã đặt lại mật khẩu của tài khoản “${name}”.`} Mật khẩu tạm thời:{' '}
        <strong className={css.hash} data-temporary-password>
          {password}
        </strong>
      </div>
      <div>Hãy trao mật khẩu này tận tay người dùng. Khi đăng nhập lần đầu, họ phải đổi sang mật khẩu của riêng mình. Mật khẩu này chỉ hiện một lần.</div>
      <DefaultButton text="Đã ghi nhận, ẩn mật khẩu" onClick={onDone} styles={{ root: { marginTop: 6 } }} />
    </Notice>
  );
}

function NewAccount({ onMade }: { onMade: (name: string, password: string) => void }) {
  const [name, setName] = useState('');
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState<ConsoleRole>('ke-hoach');
  const [password, setPassword] = useState(() => temporaryPassword());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async () => {
    const problem = !name.trim() ? 'Hãy nhập tên tài khoản.' : fullName.trim().length < 2 ? 'Hãy nhập họ và tên.' : newPasswordProblem(password, password);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError('');
    const clean = name.trim().toLowerCase();
    const r = await addAccount({ name: clean, fullName: fullName.trim(), role, password });
    setBusy(false);
    if (!r.ok) {
      setError(r.message);
      return;
    }
    onMade(clean, password);
    setName('');
    setFullName('');
    setRole('ke-hoach');
    setPassword(temporaryPassword());
  };

  return (
    <section className={css.card} aria-labelledby="tao-tai-khoan" data-new-account>
      <h2 className={css.h2} style={{ margin: 0 }} id="tao-tai-khoan">
        Tạo tài khoản
      </h2>
      <form
        aria-label="Tạo tài khoản"
        style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className={css.fields}>
          <AccountNameFields name={name} fullName={fullName} onName={setName} onFullName={setFullName} own={false} />
        </div>
        <div className={css.fields}>
          <Select label="Vai trò" value={role} onChange={(v) => setRole(v as ConsoleRole)} options={ROLE_OPTIONS} />
          <TextField
            label="Mật khẩu tạm thời"
            value={password}
            onChange={(_e, v) => setPassword(v ?? '')}
            required
            autoComplete="off"
            spellCheck={false}
            description="Hệ thống tạo sẵn; có thể đổi. Người dùng phải đổi khi đăng nhập lần đầu."
            styles={{ field: { fontFamily: 'Consolas, "Courier New", monospace' } }}
          />
        </div>
        {error && <Problem text={error} />}
        <div className={css.row}>
          <PrimaryButton type="submit" text={busy ? 'Đang tạo…' : 'Tạo tài khoản'} disabled={busy} />
        </div>
      </form>
    </section>
  );
}
