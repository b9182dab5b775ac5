/**
 * The pane's own form fields, in place of Fluent's TextField and Dropdown (issue 20: the two with
 * what they pull in — the Dropdown's Callout, Checkbox and positioning, the TextField's masking and
 * reveal machinery — were 13 KiB of the pane's gzip budget). Plain HTML controls styled like Fluent
 * v8: a text field with its label, description and error, and a list of choices as radio buttons,
 * whose long names wrap in a 320 px pane instead of being cut (a native select shows one line).
 */
import { mergeStyleSets } from '@fluentui/react';
import { useId, useState, type ChangeEvent, type KeyboardEvent } from 'react';

const BORDER = '#8A8886';
const BLUE = '#0078D4';
const RED = '#A4262C';

const css = mergeStyleSets({
  field: { display: 'flex', flexDirection: 'column', gap: 4, minWidth: 0 },
  label: { fontSize: 14, fontWeight: 600, color: '#323130', padding: '5px 0 0' },
  row: { display: 'flex', gap: 4, alignItems: 'stretch' },
  input: {
    flex: '1 1 auto',
    minWidth: 0,
    height: 32,
    boxSizing: 'border-box',
    padding: '0 8px',
    fontSize: 14,
    fontFamily: 'inherit',
    color: '#323130',
    border: `1px solid ${BORDER}`,
    borderRadius: 2,
    background: '#FFFFFF',
    selectors: { ':hover': { borderColor: '#323130' }, ':focus': { outline: 'none', borderColor: BLUE, boxShadow: `inset 0 0 0 1px ${BLUE}` } },
  },
  invalid: { borderColor: RED, selectors: { ':hover': { borderColor: RED } } },
  reveal: {
    flex: '0 0 auto',
    fontSize: 13,
    fontFamily: 'inherit',
    padding: '0 8px',
    color: BLUE,
    background: 'transparent',
    border: `1px solid ${BORDER}`,
    borderRadius: 2,
    cursor: 'pointer',
    selectors: { ':focus-visible': { outline: `2px solid ${BLUE}` } },
  },
  description: { fontSize: 12, color: '#605E5C', overflowWrap: 'anywhere' },
  error: { fontSize: 12, color: RED },
  fieldset: { border: 0, margin: 0, padding: 0, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 2 },
  legend: { fontSize: 14, fontWeight: 600, color: '#323130', padding: '5px 0 4px' },
  choice: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: 8,
    padding: '3px 0',
    fontSize: 14,
    lineHeight: '20px',
    cursor: 'pointer',
    overflowWrap: 'break-word',
    minWidth: 0,
  },
  radio: { margin: '3px 0 0', flex: '0 0 auto', width: 16, height: 16, accentColor: BLUE, cursor: 'pointer' },
});

export interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  description?: string;
  errorMessage?: string;
  /** A secret (the access token): hidden, with a button that shows it. */
  secret?: boolean;
  onEnter?(): void;
}

/** A labelled text input: its description under it, its error (red, announced) under that. */
export function TextField({ label, value, onChange, description, errorMessage, secret, onEnter }: TextFieldProps) {
  const id = useId();
  const [shown, setShown] = useState(false);
  const described = [description ? `${id}-d` : '', errorMessage ? `${id}-e` : ''].filter(Boolean).join(' ');
  return (
    <div className={css.field}>
      <label htmlFor={id} className={css.label}>
        {label}
      </label>
      <div className={css.row}>
        <input
          id={id}
          className={`${css.input}${errorMessage ? ` ${css.invalid}` : ''}`}
          type={secret && !shown ? 'password' : 'text'}
          value={value}
          onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
          onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
            if (e.key === 'Enter') onEnter?.();
          }}
          aria-invalid={errorMessage ? true : undefined}
          aria-describedby={described || undefined}
          autoComplete="off"
          spellCheck={false}
        />
        {secret && (
          <button type="button" className={css.reveal} aria-pressed={shown} onClick={() => setShown((s) => !s)}>
            {shown ? 'Ẩn' : 'Hiện'}
          </button>
        )}
      </div>
      {description && (
        <span id={`${id}-d`} className={css.description}>
          {description}
        </span>
      )}
      {errorMessage && (
        <span id={`${id}-e`} className={css.error} role="alert">
          {errorMessage}
        </span>
      )}
    </div>
  );
}

export interface Choice {
  key: string;
  text: string;
}

export interface ChoiceListProps {
  label: string;
  options: Choice[];
  selectedKey: string | null;
  onChange(key: string): void;
}

/** One choice among a few, every name shown whole: radio buttons in a fieldset named by `label`. */
export function ChoiceList({ label, options, selectedKey, onChange }: ChoiceListProps) {
  const name = useId();
  return (
    <fieldset className={css.fieldset}>
      <legend className={css.legend}>{label}</legend>
      {options.map((o) => (
        <label key={o.key} className={css.choice}>
          <input type="radio" className={css.radio} name={name} value={o.key} checked={o.key === selectedKey} onChange={() => onChange(o.key)} />
          <span>{o.text}</span>
        </label>
      ))}
    </fieldset>
  );
}
