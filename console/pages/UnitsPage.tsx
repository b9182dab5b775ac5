/**
 * “Đơn vị và quyền nộp” (#/don-vi): each unit of the period chosen with its e-mail address for
 * reminders (edited in place; empty removes it), the add-in's access (enrolled or not, its last
 * file), enrolment codes not used yet, and its last file and how it came. The planning office
 * issues an enrolment code — shown once, on a printable “Phiếu hướng dẫn nộp báo cáo” — revokes
 * the add-in's access (after a confirmation), and downloads the unit's template or all of them.
 */
import { DefaultButton, Link, PrimaryButton, TextField } from '@fluentui/react';
import { useEffect, useState } from 'react';
import type { EnrolmentIssued, UnitAccess, UnitsResponse } from '../../shared/console-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { downloads, issueEnrolment, revokeAccess, setUnitEmail, units } from '../api.ts';
import { EnrolmentSheet } from '../components/EnrolmentSheet.tsx';
import { useFrame } from '../frame.ts';
import { ConfirmDialog, Loading, NoPeriod, Notice, Page, Problem, css, useLoad } from '../ui.tsx';

export function UnitsPage() {
  const { period, acts } = useFrame();
  if (!period)
    return (
      <Page title="Đơn vị và quyền nộp">
        <NoPeriod canOpen={acts} />
      </Page>
    );
  return <Units period={period} />;
}

function Units({ period }: { period: string }) {
  const { acts } = useFrame();
  const { data, error, reload } = useLoad<UnitsResponse>(() => units(period), period);
  const [issued, setIssued] = useState<EnrolmentIssued | undefined>();
  const [revoking, setRevoking] = useState<UnitAccess | undefined>();
  const [busy, setBusy] = useState('');
  const [done, setDone] = useState('');
  const [problem, setProblem] = useState('');
  const [dialogError, setDialogError] = useState('');

  if (issued) {
    return (
      <EnrolmentSheet
        issued={issued}
        onClose={() => {
          setIssued(undefined);
          reload();
        }}
      />
    );
  }
  if (error)
    return (
      <Page title="Đơn vị và quyền nộp">
        <Problem text={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title="Đơn vị và quyền nộp">
        <Loading />
      </Page>
    );

  const issue = async (u: UnitAccess) => {
    setBusy(u.code);
    setProblem('');
    setDone('');
    const r = await issueEnrolment(u.code);
    setBusy('');
    if (!r.ok) setProblem(r.message);
    else setIssued(r.data);
  };
  const revoke = async () => {
    if (!revoking) return;
    setBusy(revoking.code);
    setDialogError('');
    const r = await revokeAccess(revoking.code);
    setBusy('');
    if (!r.ok) {
      setDialogError(r.message);
      return;
    }
    setDone(
      r.data.revoked
        ? `Đã thu hồi quyền nộp bằng phần bổ trợ của ${revoking.name} (${r.data.revoked} máy đã đăng ký). Đơn vị cần mã đăng ký mới để nộp lại bằng phần bổ trợ.`
        : `${revoking.name} không có máy nào đang đăng ký phần bổ trợ; không có gì để thu hồi.`,
    );
    setRevoking(undefined);
    reload();
  };

  const reporting = data.units.filter((u) => u.reports).length;
  return (
    <Page title="Đơn vị và quyền nộp">
      <div className={css.muted}>{data.period.header}</div>
      <div className={css.card} data-intake>
        <div>
          Địa chỉ hệ thống nhận báo cáo (các đơn vị nhập trong phần bổ trợ khi được hỏi): <span className={css.hash}>{data.intakeUrl}</span>
        </div>
        <div className={css.row}>
          <Link href={downloads.templatesZip(period)} download>
            Tải tất cả biểu mẫu (.zip, {reporting} đơn vị)
          </Link>
          <span className={css.muted}>Mỗi biểu mẫu đã ghi sẵn địa chỉ hệ thống; gửi cho đơn vị qua thư điện tử hoặc thư mục dùng chung.</span>
        </div>
      </div>
      {done && <Notice text={done} />}
      {problem && <Problem text={problem} />}
      <table className={css.table} aria-label="Các đơn vị và quyền nộp" data-units>
        <thead>
          <tr>
            <th scope="col">Đơn vị</th>
            <th scope="col">Thư điện tử nhận thư nhắc</th>
            <th scope="col">Phần bổ trợ</th>
            <th scope="col">Tệp gần nhất trong kỳ</th>
            {acts && <th scope="col">Thao tác</th>}
          </tr>
        </thead>
        <tbody>
          {data.units.map((u) => (
            <tr key={u.code} data-unit={u.code}>
              <td data-label="Đơn vị">
                <div>
                  <strong>{u.name}</strong>
                  {!u.reports && <div className={css.muted}>Không có chỉ tiêu trong kỳ này.</div>}
                </div>
              </td>
              <td data-label="Thư điện tử">{acts ? <EmailField unit={u} onSaved={reload} /> : (u.email ?? '—')}</td>
              <td data-label="Phần bổ trợ">
                <div>
                  <div>{u.addin.tokens ? `Đã đăng ký (${u.addin.tokens} máy)` : 'Chưa đăng ký'}</div>
                  {u.addin.lastAt && <div className={css.muted}>Nộp bằng phần bổ trợ lần cuối lúc {formatTimeVi(u.addin.lastAt)}</div>}
                  {u.pendingEnrolments > 0 && <div className={css.muted}>{u.pendingEnrolments} mã đăng ký chưa dùng</div>}
                </div>
              </td>
              <td data-label="Tệp gần nhất">
                {u.last ? (
                  <div>
                    <div>
                      {formatTimeVi(u.last.at)}, {u.last.source === 'http' ? 'bằng phần bổ trợ' : 'qua thư mục nộp báo cáo chung'}
                    </div>
                    <div className={css.muted} style={{ overflowWrap: 'anywhere' }}>
                      {u.last.fileName}
                    </div>
                  </div>
                ) : (
                  '—'
                )}
              </td>
              {acts && (
                <td data-label="Thao tác">
                  <div style={{ display: 'flex', flexDirection: 'column', gap: 6, alignItems: 'flex-start' }}>
                    <DefaultButton
                      text={busy === u.code ? 'Đang cấp mã…' : 'Cấp mã đăng ký'}
                      ariaLabel={`Cấp mã đăng ký cho ${u.name}`}
                      disabled={busy !== ''}
                      onClick={() => void issue(u)}
                    />
                    {u.addin.tokens > 0 && (
                      <DefaultButton
                        text="Thu hồi quyền nộp bằng phần bổ trợ…"
                        ariaLabel={`Thu hồi quyền nộp bằng phần bổ trợ của ${u.name}`}
                        disabled={busy !== ''}
                        onClick={() => {
                          setDialogError('');
                          setRevoking(u);
                        }}
                      />
                    )}
                    {u.reports && (
                      <Link href={downloads.template(u.code, period)} download aria-label={`Tải biểu mẫu của ${u.name}`}>
                        Tải biểu mẫu
                      </Link>
                    )}
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Thu hồi quyền nộp bằng phần bổ trợ — ${revoking?.name ?? ''}`}
        confirmText="Thu hồi"
        text="Các máy đã đăng ký phần bổ trợ của đơn vị này sẽ không nộp được nữa. Đơn vị vẫn nộp được qua thư mục nộp báo cáo chung, hoặc bằng phần bổ trợ sau khi được cấp mã đăng ký mới."
        onConfirm={() => void revoke()}
        onCancel={() => setRevoking(undefined)}
        busy={busy !== ''}
        error={dialogError}
      />
    </Page>
  );
}

function EmailField({ unit, onSaved }: { unit: UnitAccess; onSaved: () => void }) {
  const [value, setValue] = useState(unit.email ?? '');
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | undefined>();
  useEffect(() => setValue(unit.email ?? ''), [unit.email]);
  const dirty = value.trim() !== (unit.email ?? '');

  const save = async () => {
    setBusy(true);
    setSaid(undefined);
    const email = value.trim() || null;
    const r = await setUnitEmail(unit.code, email);
    setBusy(false);
    if (!r.ok) {
      setSaid({ ok: false, text: r.message });
      return;
    }
    setSaid({ ok: true, text: email ? 'Đã lưu.' : 'Đã bỏ địa chỉ.' });
    onSaved();
  };

  return (
    <form
      style={{ display: 'flex', flexDirection: 'column', gap: 4, minWidth: 0, flex: '1 1 auto' }}
      aria-label={`Thư điện tử của ${unit.name}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div style={{ display: 'flex', gap: 4, minWidth: 0 }}>
        <TextField
          ariaLabel={`Địa chỉ thư điện tử của ${unit.name}`}
          type="email"
          value={value}
          placeholder="Chưa có"
          onChange={(_e, v) => {
            setValue(v ?? '');
            setSaid(undefined);
          }}
          styles={{ root: { flex: '1 1 auto', minWidth: 0 } }}
          autoComplete="off"
        />
        <PrimaryButton
          type="submit"
          text="Lưu"
          ariaLabel={`Lưu địa chỉ thư điện tử của ${unit.name}`}
          disabled={busy || !dirty}
          styles={{ root: { minWidth: 0 } }}
        />
      </div>
      <span role="status" className={css.muted} style={said && !said.ok ? { color: '#a4262c' } : undefined}>
        {said?.text ?? ''}
      </span>
    </form>
  );
}
