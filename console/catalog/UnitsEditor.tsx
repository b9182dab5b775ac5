/**
 * The draft's units and groups, edited on the catalogue page: a unit added (its code suggested from
 * its name), renamed (its code stays), its kind changed, merged into another (the 2025 reform
 * merged wards: the merged unit's indicators go to the unit that takes it over, which keeps its
 * code), removed when it reports nothing; groups renamed and added.
 */
import { DefaultButton } from '@fluentui/react';
import { useState } from 'react';
import { UNIT_KINDS, type Unit } from '../../shared/catalog.ts';
import type { CatalogDraft } from '../../shared/catalog-draft.ts';
import { addGroup, addUnit, mergeUnits, removeUnit, renameUnit, setUnitKind, suggestUnitCode, type EditResult } from '../../shared/catalog-draft-edit.ts';
import { css } from '../ui.tsx';
import { Messages, Select, TextInput } from './cells.tsx';
import { cat } from './styles.ts';

const KIND_LABEL: Record<Unit['kind'], string> = {
  phong: 'Phòng',
  ban: 'Ban',
  don_vi: 'Đơn vị',
  nganh: 'Ngành',
  phuong: 'Phường',
  xa: 'Xã',
  huyen: 'Huyện',
  thi_xa: 'Thị xã',
  thanh_pho: 'Thành phố',
  tinh: 'Tỉnh',
};
const KINDS = UNIT_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }));

/** A unit's name, applied as it is typed when it is a valid name (else said beside it). */
function NameField({ unit, draft, onChange }: { unit: Unit; draft: CatalogDraft; onChange: (d: CatalogDraft) => void }) {
  const [text, setText] = useState(unit.name);
  const [message, setMessage] = useState('');
  return (
    <TextInput
      label={`Tên đơn vị ${unit.code}`}
      value={text}
      messages={message ? [message] : []}
      field="unit-name"
      onChange={(v) => {
        setText(v);
        const r = renameUnit(draft, unit.code, v);
        if (r.ok) {
          setMessage('');
          onChange(r.draft);
        } else setMessage(r.error);
      }}
    />
  );
}

export function UnitsEditor({ draft, knownUnits, onChange }: { draft: CatalogDraft; knownUnits: readonly string[]; onChange: (d: CatalogDraft) => void }) {
  const units = draft.catalog.units;
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<Unit['kind']>('phuong');
  const [from, setFrom] = useState('');
  const [into, setInto] = useState('');
  const [groupName, setGroupName] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const owned = (c: string) => draft.rows.filter((r) => !r.omit && r.indicator.owner === c).length;
  const apply = (r: EditResult, done: string) => {
    if (r.ok) {
      onChange(r.draft);
      setMessage({ ok: true, text: done });
      return true;
    }
    setMessage({ ok: false, text: r.error });
    return false;
  };
  const suggested =
    code ||
    (name.trim()
      ? suggestUnitCode(
          name,
          units.map((u) => u.code),
        )
      : '');
  const name0 = (c: string) => units.find((u) => u.code === c)?.name ?? c;

  return (
    <div className={css.page} data-units>
      {message && (
        <div role="status" className={message.ok ? cat.done : cat.message}>
          {message.text}
        </div>
      )}
      <table className={cat.plainTable} aria-label="Đơn vị báo cáo">
        <thead>
          <tr>
            <th scope="col">Tên đơn vị</th>
            <th scope="col">Mã</th>
            <th scope="col">Loại</th>
            <th scope="col">Chỉ tiêu phụ trách</th>
            <th scope="col">Thao tác</th>
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.code} data-unit={u.code}>
              <td data-label="Tên đơn vị">
                <NameField unit={u} draft={draft} onChange={onChange} />
              </td>
              <td data-label="Mã">
                <code>{u.code}</code>
                {knownUnits.includes(u.code) ? '' : <span className={cat.mini}> (mới)</span>}
              </td>
              <td data-label="Loại">
                <Select label={`Loại đơn vị của ${u.name}`} value={u.kind} options={KINDS} onChange={(k) => onChange(setUnitKind(draft, u.code, k))} />
              </td>
              <td data-label="Chỉ tiêu phụ trách">{owned(u.code) || '—'}</td>
              <td data-label="Thao tác">
                {owned(u.code) === 0 && (
                  <button type="button" className={cat.smallButton} onClick={() => apply(removeUnit(draft, u.code), `Đã bỏ ${u.name} khỏi danh sách.`)}>
                    Bỏ đơn vị
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={cat.mini} style={{ margin: 0 }}>
        Mã của đơn vị giữ nguyên qua các năm (số liệu các năm trước của đơn vị vẫn gắn với mã đó); đổi tên không đổi mã.
      </p>

      <form
        className={css.card}
        aria-label="Thêm đơn vị"
        onSubmit={(e) => {
          e.preventDefault();
          if (apply(addUnit(draft, { code: suggested, name, kind }), `Đã thêm ${name.trim()}.`)) {
            setName('');
            setCode('');
          }
        }}
      >
        <h3 className={css.h2} style={{ margin: 0 }}>
          Thêm đơn vị
        </h3>
        <div className={cat.formGrid}>
          <TextInput label="Tên đơn vị mới" showLabel value={name} onChange={setName} placeholder="Ví dụ: UBND phường Bắc Hồng Lĩnh" />
          <TextInput label="Mã đơn vị (viết hoa, không dấu)" showLabel value={suggested} onChange={(v) => setCode(v.toUpperCase())} />
          <Select label="Loại đơn vị" showLabel value={kind} options={KINDS} onChange={setKind} />
        </div>
        <DefaultButton type="submit" text="Thêm đơn vị" styles={{ root: { alignSelf: 'flex-start' } }} />
      </form>

      <form
        className={css.card}
        aria-label="Gộp đơn vị"
        onSubmit={(e) => {
          e.preventDefault();
          if (apply(mergeUnits(draft, from, into), `Đã gộp ${name0(from)} vào ${name0(into)}.`)) setFrom('');
        }}
      >
        <h3 className={css.h2} style={{ margin: 0 }}>
          Gộp hai đơn vị thành một
        </h3>
        <p className={cat.mini} style={{ margin: 0 }}>
          Khi sáp nhập (ví dụ hai phường thành một), đơn vị được gộp rời danh sách; các chỉ tiêu của đơn vị đó chuyển sang đơn vị nhận, mã của đơn vị nhận giữ
          nguyên.
        </p>
        <div className={cat.formGrid}>
          <Select label="Đơn vị được gộp" showLabel value={from} options={units.map((u) => ({ value: u.code, label: u.name }))} onChange={setFrom} />
          <Select
            label="Gộp vào đơn vị"
            showLabel
            value={into}
            options={units.filter((u) => u.code !== from).map((u) => ({ value: u.code, label: u.name }))}
            onChange={setInto}
          />
        </div>
        <DefaultButton type="submit" text="Gộp đơn vị" disabled={!from || !into} styles={{ root: { alignSelf: 'flex-start' } }} />
      </form>

      <h3 className={css.h2}>Nhóm chỉ tiêu</h3>
      <table className={cat.plainTable} aria-label="Nhóm chỉ tiêu">
        <thead>
          <tr>
            <th scope="col">Tên nhóm</th>
            <th scope="col">Chỉ tiêu trong nhóm</th>
          </tr>
        </thead>
        <tbody>
          {draft.catalog.groups.map((g) => {
            const n = draft.rows.filter((r) => !r.omit && r.indicator.group === g.code).length;
            return (
              <tr key={g.code}>
                <td data-label="Tên nhóm">
                  <TextInput
                    label={`Tên nhóm ${g.code}`}
                    value={g.name}
                    messages={g.name.trim() ? [] : ['Tên nhóm không được để trống.']}
                    onChange={(v) =>
                      onChange({
                        ...draft,
                        catalog: { ...draft.catalog, groups: draft.catalog.groups.map((x) => (x.code === g.code ? { ...x, name: v } : x)) },
                      })
                    }
                  />
                </td>
                <td data-label="Chỉ tiêu trong nhóm">{n || 'Chưa có (nhóm không có chỉ tiêu sẽ không in)'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form
        className={cat.inline}
        aria-label="Thêm nhóm chỉ tiêu"
        onSubmit={(e) => {
          e.preventDefault();
          if (apply(addGroup(draft, groupName), `Đã thêm nhóm “${groupName.trim()}”.`)) setGroupName('');
        }}
      >
        <div style={{ flex: '1 1 240px' }}>
          <TextInput label="Tên nhóm mới" showLabel value={groupName} onChange={setGroupName} />
        </div>
        <DefaultButton type="submit" text="Thêm nhóm" styles={{ root: { alignSelf: 'flex-end' } }} />
      </form>
      <Messages id="units-none" messages={units.length ? [] : ['Chưa có đơn vị nào.']} />
    </div>
  );
}
