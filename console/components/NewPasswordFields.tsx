/**
 * A new password and the same typed again (set-up of the first administrator, a change of
 * password): one pair of fields, labelled “<label>” and “Nhập lại <label>”; the checks are
 * console/password.ts's.
 */
import { TextField } from '@fluentui/react';

export function NewPasswordFields({
  label,
  value,
  again,
  onValue,
  onAgain,
  description,
}: {
  label: 'Mật khẩu' | 'Mật khẩu mới';
  value: string;
  again: string;
  onValue: (v: string) => void;
  onAgain: (v: string) => void;
  description: string;
}) {
  const lower = label.toLowerCase();
  return (
    <>
      <TextField
        label={label}
        type="password"
        canRevealPassword
        revealPasswordAriaLabel={`Hiện ${lower}`}
        value={value}
        onChange={(_e, v) => onValue(v ?? '')}
        required
        autoComplete="new-password"
        description={description}
      />
      <TextField label={`Nhập lại ${lower}`} type="password" value={again} onChange={(_e, v) => onAgain(v ?? '')} required autoComplete="new-password" />
    </>
  );
}
