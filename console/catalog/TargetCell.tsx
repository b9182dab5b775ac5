/**
 * A row's plan and what it means: the plan as printed (its meaning follows the text as one types),
 * the kind of target, its direction and figures, and the target said in words (describeTarget):
 * what will be Vượt KH, Đạt KH, Không đạt KH.
 */
import type { Indicator } from '../../shared/catalog.ts';
import { describeTarget } from '../../shared/catalog-draft.ts';
import { withPlanText } from '../../shared/catalog-draft-edit.ts';
import type { Target } from '../../shared/target.ts';
import { NumberInput, Select, TextInput } from './cells.tsx';
import { cat } from './styles.ts';

const KINDS = [
  { value: 'threshold', label: 'Ngưỡng (vượt, đạt, không đạt)' },
  { value: 'maintain', label: 'Duy trì (đạt hoặc không đạt)' },
  { value: 'range', label: 'Khoảng (từ … đến …)' },
  { value: 'none', label: 'Chưa đánh giá năm nay' },
] as const;
const DIRECTIONS = [
  { value: 'higher', label: 'Càng cao càng tốt' },
  { value: 'lower', label: 'Càng thấp càng tốt' },
] as const;

/** A target of another kind, keeping what it can of the old one. */
function ofKind(t: Target, kind: Target['kind']): Target {
  const value = t.kind === 'range' ? t.max : t.kind === 'none' ? 0 : t.value;
  const direction = 'direction' in t ? t.direction : 'higher';
  switch (kind) {
    case 'threshold':
      return { kind, direction, value };
    case 'maintain':
      return { kind, direction, value };
    case 'range':
      return t.kind === 'range' ? t : { kind, min: value, max: value };
    case 'none':
      return { kind, reason: t.kind === 'none' ? t.reason : '' };
  }
}

export function TargetCell({
  ind,
  where,
  messages,
  onChange,
}: {
  ind: Indicator;
  /** “dòng 16”: said in each field's label. */
  where: string;
  messages: { plan: string[]; target: string[] };
  onChange: (next: Indicator) => void;
}) {
  const t = ind.target as Target;
  const setTarget = (target: Target) => onChange({ ...ind, target });
  let reading = '';
  if (!messages.target.length) {
    try {
      reading = describeTarget(ind);
    } catch {
      reading = '';
    }
  }
  return (
    <div className={cat.cellStack}>
      <TextInput
        label={`Kế hoạch (như in), ${where}`}
        value={ind.plan}
        messages={messages.plan}
        field="plan"
        onChange={(plan) => onChange(withPlanText(ind, plan))}
      />
      <Select label={`Cách đánh giá, ${where}`} value={t.kind} options={KINDS} field="kind" onChange={(k) => setTarget(ofKind(t, k))} />
      {(t.kind === 'threshold' || t.kind === 'maintain') && (
        <div className={cat.inline}>
          <Select
            label={`Chiều đánh giá, ${where}`}
            value={t.direction}
            options={DIRECTIONS}
            field="direction"
            onChange={(direction) => setTarget({ ...t, direction })}
          />
          <NumberInput
            label={`Giá trị kế hoạch, ${where}`}
            value={t.value}
            field="value"
            className={cat.narrowInput}
            onChange={(v) => setTarget({ ...t, value: v ?? Number.NaN })}
          />
        </div>
      )}
      {t.kind === 'range' && (
        <div className={cat.inline}>
          <NumberInput
            label={`Từ, ${where}`}
            showLabel
            value={t.min}
            field="min"
            className={cat.narrowInput}
            onChange={(v) => setTarget({ ...t, min: v ?? Number.NaN })}
          />
          <NumberInput
            label={`Đến, ${where}`}
            showLabel
            value={t.max}
            field="max"
            className={cat.narrowInput}
            onChange={(v) => setTarget({ ...t, max: v ?? Number.NaN })}
          />
        </div>
      )}
      {t.kind === 'none' && (
        <TextInput label={`Lý do chưa đánh giá, ${where}`} value={t.reason} field="reason" onChange={(reason) => setTarget({ kind: 'none', reason })} />
      )}
      {messages.target.map((m, k) => (
        <div key={k} className={cat.message}>
          {m}
        </div>
      ))}
      {reading && (
        <div className={cat.reading} data-reading>
          {reading}
        </div>
      )}
    </div>
  );
}
