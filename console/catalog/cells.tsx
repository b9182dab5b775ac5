/**
 * The grid's cells: plain inputs and selects (light, and keyboard-accessible as the browser makes
 * them), each with its label and the messages about it beside it (aria-describedby, aria-invalid).
 * Numbers are typed the Vietnamese way (1.721,4) and read with the shared rule as they are typed.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { formatVnNumber, parseVnNumber } from '../../shared/numbers.ts';
import { cat } from './styles.ts';

/** Messages beside a field (nothing when there are none). */
export function Messages({ id, messages }: { id: string; messages: readonly string[] }) {
  if (!messages.length) return null;
  return (
    <div id={id} className={cat.message} data-messages>
      {messages.map((m, k) => (
        <div key={k}>{m}</div>
      ))}
    </div>
  );
}

interface FieldProps {
  label: string;
  /** Shown above the field (else only for assistive technology). */
  showLabel?: boolean;
  messages?: readonly string[];
  className?: string;
  /** data-field, for tests and styles. */
  field?: string;
}

function Labelled({ id, label, showLabel, children }: { id: string; label: string; showLabel?: boolean; children: ReactNode }) {
  return (
    <>
      <label htmlFor={id} className={showLabel ? cat.mini : cat.visuallyHidden}>
        {label}
      </label>
      {children}
    </>
  );
}

export function TextInput({
  label,
  showLabel,
  messages = [],
  value,
  onChange,
  className,
  field,
  placeholder,
  disabled,
}: FieldProps & {
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className={cat.field}>
      <Labelled id={id} label={label} showLabel={showLabel}>
        <input
          id={id}
          className={`${cat.input} ${className ?? ''}`}
          value={value}
          placeholder={placeholder}
          disabled={disabled}
          data-field={field}
          aria-invalid={messages.length > 0 || undefined}
          aria-describedby={messages.length ? `${id}-m` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </Labelled>
      <Messages id={`${id}-m`} messages={messages} />
    </div>
  );
}

export function TextArea({
  label,
  showLabel,
  messages = [],
  value,
  onChange,
  rows = 3,
  field,
}: FieldProps & { value: string; onChange: (v: string) => void; rows?: number }) {
  const id = useId();
  return (
    <div className={cat.field}>
      <Labelled id={id} label={label} showLabel={showLabel}>
        <textarea
          id={id}
          className={cat.input}
          value={value}
          rows={rows}
          data-field={field}
          aria-invalid={messages.length > 0 || undefined}
          aria-describedby={messages.length ? `${id}-m` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </Labelled>
      <Messages id={`${id}-m`} messages={messages} />
    </div>
  );
}

export function Select<T extends string>({
  label,
  showLabel,
  messages = [],
  value,
  options,
  onChange,
  className,
  field,
  disabled,
}: FieldProps & {
  value: T | '';
  options: readonly { value: T; label: string }[];
  onChange: (v: T) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const known = options.some((o) => o.value === value);
  return (
    <div className={cat.field}>
      <Labelled id={id} label={label} showLabel={showLabel}>
        <select
          id={id}
          className={`${cat.input} ${className ?? ''}`}
          value={value}
          data-field={field}
          disabled={disabled}
          aria-invalid={messages.length > 0 || undefined}
          aria-describedby={messages.length ? `${id}-m` : undefined}
          onChange={(e) => onChange(e.target.value as T)}
        >
          {!known && <option value={value}>{value ? `(không có: ${value})` : '(chưa chọn)'}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Labelled>
      <Messages id={`${id}-m`} messages={messages} />
    </div>
  );
}

const shown = (v: number | undefined, decimals?: number) => (v === undefined || !Number.isFinite(v) ? '' : formatVnNumber(v, decimals));

/**
 * A number typed the Vietnamese way: the text is kept as typed; each readable value is passed on
 * at once, and an unreadable one is said beside the field (the value stays the last readable one).
 */
export function NumberInput({
  label,
  showLabel,
  messages = [],
  value,
  onChange,
  allowEmpty,
  className,
  field,
}: FieldProps & {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  allowEmpty?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState(shown(value));
  const [own, setOwn] = useState('');
  // Follow a value changed elsewhere (the plan's text sets the target's value).
  useEffect(() => {
    const r = parseVnNumber(text);
    const current = text.trim() === '' ? undefined : r.ok ? r.value.value : Number.NaN;
    if (current !== value && !(value === undefined && text.trim() === '')) {
      setText(shown(value));
      setOwn('');
    }
    // Only when the value changes from outside.
  }, [value]);
  const all = own ? [own, ...messages] : messages;
  return (
    <div className={cat.field}>
      <Labelled id={id} label={label} showLabel={showLabel}>
        <input
          id={id}
          className={`${cat.input} ${className ?? ''}`}
          value={text}
          inputMode="decimal"
          data-field={field}
          aria-invalid={all.length > 0 || undefined}
          aria-describedby={all.length ? `${id}-m` : undefined}
          onChange={(e) => {
            const t = e.target.value;
            setText(t);
            if (t.trim() === '') {
              if (allowEmpty) {
                setOwn('');
                onChange(undefined);
              } else setOwn('Hãy nhập một số.');
              return;
            }
            const r = parseVnNumber(t);
            if (r.ok) {
              setOwn('');
              onChange(r.value.value);
            } else setOwn(r.error);
          }}
        />
      </Labelled>
      <Messages id={`${id}-m`} messages={all} />
    </div>
  );
}
