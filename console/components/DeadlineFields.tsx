/**
 * A deadline as two fields, the date and the time, in Vietnam time (the form sends ISO with
 * +07:00: console/time.ts).
 */
import { TextField } from '@fluentui/react';
import type { DateTimeFields } from '../time.ts';
import { css } from '../ui.tsx';
import { DeadlineWords } from './DeadlineWords.tsx';

export function DeadlineFields({ value, onChange, label = 'Hạn nộp' }: { value: DateTimeFields; onChange: (v: DateTimeFields) => void; label?: string }) {
  return (
    <fieldset className={css.fields} style={{ border: 'none', margin: 0, padding: 0 }} data-deadline-fields>
      <legend className={css.label} style={{ flexBasis: '100%' }}>
        {label} (giờ Việt Nam)
      </legend>
      <TextField label="Ngày hạn nộp" type="date" value={value.date} onChange={(_e, v) => onChange({ ...value, date: v ?? '' })} required />
      <TextField label="Giờ hạn nộp" type="time" value={value.time} onChange={(_e, v) => onChange({ ...value, time: v ?? '' })} required />
      <DeadlineWords date={value.date} time={value.time} className={css.muted} />
    </fieldset>
  );
}
