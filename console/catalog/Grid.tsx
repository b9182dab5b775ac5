/**
 * The proposal as a grid: each row beside the sentence of the resolution it was read from, every
 * field editable with its messages beside it as one types, the target said in words, and the
 * points a person must decide with a way to mark each one reviewed once the row is right. Rows with
 * points come first (the order is kept while one works, so a row does not jump away); a table on a
 * screen, a card per row on a phone.
 */
import { memo } from 'react';
import type { Group, Indicator, Unit } from '../../shared/catalog.ts';
import type { DraftRow, RowField } from '../../shared/catalog-draft.ts';
import { FIELD_LABEL, type FieldProblem } from '../../shared/catalog-draft-edit.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { NumberInput, Select, TextInput } from './cells.tsx';
import { cat } from './styles.ts';
import { TargetCell } from './TargetCell.tsx';

export interface RowActions {
  edit(index: number, change: (row: DraftRow) => DraftRow): void;
  resolve(index: number, point: number): void;
  reopen(index: number, resolved: number): void;
  move(index: number, delta: -1 | 1): void;
}

/** The clause inside its sentence, marked (or the sentence alone when the clause is not found in it). */
function SourceText({ row }: { row: DraftRow }) {
  const { sentence, clause, label, line } = row.source;
  if (!sentence)
    return (
      <span className={cat.mini}>{line ? `Dòng ${line} của danh sách.` : 'Không có câu nghị quyết (dòng lấy từ danh mục đã có hoặc thêm trên trang).'}</span>
    );
  const at = clause ? sentence.indexOf(clause) : -1;
  return (
    <div className={cat.source}>
      <span className={cat.mini}>
        {label ? `Mục ${label}, ` : ''}dòng {line}:{' '}
      </span>
      {at < 0 ? (
        sentence
      ) : (
        <>
          {sentence.slice(0, at)}
          <mark className={cat.mark}>{clause}</mark>
          {sentence.slice(at + clause.length)}
        </>
      )}
    </div>
  );
}

const pick = (problems: FieldProblem[], ...fields: RowField[]) => problems.filter((p) => fields.includes(p.field)).map((p) => p.message);

interface RowProps {
  row: DraftRow;
  index: number;
  stt: number | undefined;
  problems: FieldProblem[];
  /** Problems the worker found on the row (its last check), not on a field shown here. */
  otherProblems: string[];
  units: Unit[];
  groups: Group[];
  canMove: boolean;
  last: boolean;
  actions: RowActions;
}

export const GridRow = memo(function GridRow({ row, index, stt, problems, otherProblems, units, groups, canMove, last, actions }: RowProps) {
  const ind = row.indicator;
  const where = `dòng đề xuất ${index + 1}`;
  const set = (next: Partial<Indicator>) => actions.edit(index, (r) => ({ ...r, indicator: { ...r.indicator, ...next } }));
  const lastYear = ind.lastYear?.nam;
  const open = row.omit ? 0 : row.needsReview.length;
  return (
    <tr data-row={index} data-code={ind.code} data-open-points={open || undefined} data-omit={row.omit ? 'true' : undefined}>
      <td data-label="Số TT">
        <div className={cat.cellStack}>
          <strong data-stt>{row.omit ? 'Bỏ' : stt}</strong>
          <span className={cat.mini}>Dòng đề xuất {index + 1}</span>
          {canMove && (
            <div className={cat.inline}>
              <button
                type="button"
                className={cat.smallButton}
                disabled={index === 0}
                aria-label={`Đưa ${where} lên trên`}
                onClick={() => actions.move(index, -1)}
              >
                ▲
              </button>
              <button type="button" className={cat.smallButton} disabled={last} aria-label={`Đưa ${where} xuống dưới`} onClick={() => actions.move(index, 1)}>
                ▼
              </button>
            </div>
          )}
        </div>
      </td>
      <td data-label="Câu trong nghị quyết" style={{ minWidth: 220, maxWidth: 320 }}>
        <SourceText row={row} />
        {row.continues && (
          <div className={cat.mini} style={{ marginTop: 4 }}>
            Tiếp nối chỉ tiêu năm {row.continues.year}: “{row.continues.name}”{row.continues.by === 'similar' ? ' (tên gần giống, cần xác nhận)' : ''}.
          </div>
        )}
      </td>
      <td data-label="Chỉ tiêu" style={{ minWidth: 220 }}>
        <div className={cat.cellStack}>
          <TextInput label={`Tên chỉ tiêu, ${where}`} value={ind.name} messages={pick(problems, 'name')} field="name" onChange={(name) => set({ name })} />
          <TextInput
            label={`Mã chỉ tiêu, ${where}`}
            showLabel
            value={ind.code}
            messages={pick(problems, 'code')}
            field="code"
            onChange={(code) => set({ code: code.toUpperCase() })}
          />
        </div>
      </td>
      <td data-label="Đơn vị tính" style={{ minWidth: 110 }}>
        <TextInput label={`Đơn vị tính, ${where}`} value={ind.unit} messages={pick(problems, 'unit')} field="unit" onChange={(unit) => set({ unit })} />
      </td>
      <td data-label="Kế hoạch" style={{ minWidth: 240 }}>
        <TargetCell
          ind={ind}
          where={where}
          messages={{ plan: pick(problems, 'plan'), target: pick(problems, 'target') }}
          onChange={(next) => actions.edit(index, (r) => ({ ...r, indicator: next }))}
        />
      </td>
      <td data-label="Đơn vị phụ trách, nhóm" style={{ minWidth: 190 }}>
        <div className={cat.cellStack}>
          <Select
            label={`Đơn vị phụ trách, ${where}`}
            value={ind.owner}
            options={units.map((u) => ({ value: u.code, label: u.name }))}
            messages={pick(problems, 'owner')}
            field="owner"
            onChange={(owner) => set({ owner })}
          />
          <Select
            label={`Nhóm chỉ tiêu, ${where}`}
            showLabel
            value={ind.group}
            options={groups.map((g) => ({ value: g.code, label: g.name }))}
            messages={pick(problems, 'group')}
            field="group"
            onChange={(group) => set({ group })}
          />
        </div>
      </td>
      <td data-label="Số liệu" style={{ minWidth: 200 }}>
        <div className={cat.cellStack}>
          <div className={cat.field}>
            <label className={cat.mini} htmlFor={`dec-${index}`}>
              Số chữ số thập phân
            </label>
            <input
              id={`dec-${index}`}
              type="number"
              min={0}
              max={6}
              step={1}
              className={`${cat.input} ${cat.narrowInput}`}
              value={Number.isFinite(ind.decimals) ? ind.decimals : ''}
              data-field="decimals"
              aria-label={`Số chữ số thập phân, ${where}`}
              aria-invalid={pick(problems, 'decimals').length > 0 || undefined}
              aria-describedby={pick(problems, 'decimals').length ? `dec-${index}-m` : undefined}
              onChange={(e) => set({ decimals: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
            />
            {pick(problems, 'decimals').length > 0 && (
              <div id={`dec-${index}-m`} className={cat.message}>
                {pick(problems, 'decimals').join(' ')}
              </div>
            )}
          </div>
          <div className={cat.inline}>
            <NumberInput
              label={`Giới hạn nhỏ nhất, ${where}`}
              showLabel
              value={ind.bounds.min}
              field="min"
              className={cat.narrowInput}
              onChange={(v) => set({ bounds: { ...ind.bounds, min: v ?? Number.NaN } })}
            />
            <NumberInput
              label={`Giới hạn lớn nhất, ${where}`}
              showLabel
              value={ind.bounds.max}
              field="max"
              className={cat.narrowInput}
              onChange={(v) => set({ bounds: { ...ind.bounds, max: v ?? Number.NaN } })}
            />
          </div>
          {pick(problems, 'bounds').map((m, k) => (
            <div key={k} className={cat.message}>
              {m}
            </div>
          ))}
          <NumberInput
            label={`Số liệu năm trước (cả năm), ${where}`}
            showLabel
            allowEmpty
            value={lastYear?.value}
            field="lastYear"
            messages={pick(problems, 'lastYear')}
            onChange={(v) => {
              const { nam: _old, ...rest } = ind.lastYear ?? {};
              const next =
                v === undefined
                  ? rest
                  : { ...rest, nam: { value: v, ...(lastYear && lastYear.value === v && lastYear.source ? { source: lastYear.source } : {}) } };
              set({ lastYear: Object.keys(next).length ? next : undefined });
            }}
          />
          {lastYear?.source && <span className={cat.mini}>Nguồn: {lastYear.source}</span>}
        </div>
      </td>
      <td data-label="Cần xem lại" style={{ minWidth: 260 }}>
        <div className={cat.cellStack}>
          {!row.omit &&
            row.needsReview.map((p, k) => (
              <div key={k} className={cat.point} data-point={p.field}>
                <span>
                  <strong>{FIELD_LABEL[p.field]}:</strong> {p.reason}
                </span>
                <button
                  type="button"
                  className={cat.smallButton}
                  onClick={() => actions.resolve(index, k)}
                  aria-label={`Đã xem: ${FIELD_LABEL[p.field]}, ${where}`}
                >
                  Đã xem, đã sửa
                </button>
              </div>
            ))}
          {!row.omit && open === 0 && (row.resolved?.length ?? 0) > 0 && <span className={cat.done}>Đã xem hết các điểm.</span>}
          {(row.resolved?.length ?? 0) > 0 && (
            <details>
              <summary className={cat.mini}>Đã xem ({row.resolved!.length})</summary>
              {row.resolved!.map((p, k) => (
                <div key={k} className={cat.mini} style={{ margin: '4px 0' }}>
                  {FIELD_LABEL[p.field]}: {p.reason}
                  {p.at ? ` (đã xem lúc ${formatTimeVi(p.at)})` : ''}{' '}
                  <button type="button" className={cat.linkButton} onClick={() => actions.reopen(index, k)}>
                    Xem lại điểm này
                  </button>
                </div>
              ))}
            </details>
          )}
          {otherProblems.map((m, k) => (
            <div key={k} className={cat.message}>
              {m}
            </div>
          ))}
          {row.notes.map((n, k) => (
            <div key={k} className={cat.mini}>
              {n}
            </div>
          ))}
          <label className={cat.inline} style={{ fontSize: 13 }}>
            <input type="checkbox" checked={Boolean(row.omit)} onChange={(e) => actions.edit(index, (r) => ({ ...r, omit: e.target.checked || undefined }))} />
            Bỏ dòng này khỏi danh mục
          </label>
        </div>
      </td>
    </tr>
  );
});

export function Grid({
  rows,
  order,
  stts,
  problems,
  otherProblems,
  units,
  groups,
  canMove,
  actions,
}: {
  rows: DraftRow[];
  order: number[];
  stts: (number | undefined)[];
  problems: Map<number, FieldProblem[]>;
  otherProblems: Map<number, string[]>;
  units: Unit[];
  groups: Group[];
  canMove: boolean;
  actions: RowActions;
}) {
  return (
    <div className={cat.gridBox} role="region" aria-label="Các chỉ tiêu của bản đề xuất" tabIndex={0}>
      <table className={cat.grid} data-grid>
        <thead>
          <tr>
            <th scope="col">Số TT</th>
            <th scope="col">Câu trong nghị quyết</th>
            <th scope="col">Chỉ tiêu</th>
            <th scope="col">Đơn vị tính</th>
            <th scope="col">Kế hoạch và cách đánh giá</th>
            <th scope="col">Đơn vị phụ trách, nhóm</th>
            <th scope="col">Số liệu</th>
            <th scope="col">Cần xem lại</th>
          </tr>
        </thead>
        <tbody>
          {order.map((i) => (
            <GridRow
              key={i}
              row={rows[i]}
              index={i}
              stt={stts[i]}
              problems={problems.get(i) ?? NONE}
              otherProblems={otherProblems.get(i) ?? NO_TEXT}
              units={units}
              groups={groups}
              canMove={canMove}
              last={i === rows.length - 1}
              actions={actions}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const NONE: FieldProblem[] = [];
const NO_TEXT: string[] = [];
