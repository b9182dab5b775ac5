/**
 * An account's name and the person's full name (the set-up of the first administrator, an
 * administrator making an account): one pair of fields. `own`: the person types their own (the
 * browser may offer what it remembers); else another's, never filled from the browser's memory.
 */
import { TextField } from '@fluentui/react';

export function AccountNameFields({
  name,
  fullName,
  onName,
  onFullName,
  own,
}: {
  name: string;
  fullName: string;
  onName: (v: string) => void;
  onFullName: (v: string) => void;
  own: boolean;
}) {
  return (
    <>
      <TextField
        label="Tên tài khoản"
        {...(own ? { name: 'username' } : {})}
        value={name}
        onChange={(_e, v) => onName(v ?? '')}
        required
        autoComplete={own ? 'username' : 'off'}
        spellCheck={false}
        description={`Chữ không dấu, số, dấu chấm hoặc gạch ngang, ví dụ “${own ? 'hoa.tckh' : 'lan.tckh'}”.`}
      />
      <TextField label="Họ và tên" value={fullName} onChange={(_e, v) => onFullName(v ?? '')} required autoComplete={own ? 'name' : 'off'} />
    </>
  );
}
