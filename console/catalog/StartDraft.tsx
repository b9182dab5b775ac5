/**
 * A new year's catalogue, started from the resolution: the list of targets pasted or uploaded (a
 * text, a Word document, an Excel table), last year's catalogue chosen among the stored ones (its
 * indicators continue, its units and periods are taken, and last year's figures are read from the
 * figures this system received); or a catalogue workbook exported earlier and edited in Excel.
 */
import { DefaultButton, PrimaryButton } from '@fluentui/react';
import { useState } from 'react';
import type { CatalogRef, CatalogsResponse, DraftEnvelope } from '../../shared/catalog-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { importWorkbook, proposeFromFile, proposeFromText } from '../catalog-api.ts';
import type { ApiResult } from '../api.ts';
import { css } from '../ui.tsx';
import { Select, TextArea } from './cells.tsx';
import { cat } from './styles.ts';

const NONE = 'khong-co';

export function StartDraft({ data, onStarted }: { data: CatalogsResponse; onStarted: (year: number) => void }) {
  const newest = Math.max(new Date().getFullYear(), ...data.catalogs.map((c) => c.year));
  const [year, setYear] = useState(String(newest + (data.catalogs.some((c) => c.year === newest) ? 1 : 0)));
  const y = Number(year);
  const yearOk = /^\d{4}$/.test(year) && y >= 2000 && y <= 2100;
  const choices = data.catalogs.flatMap((c) =>
    c.versions.map((v) => ({ value: `${c.id}@${v.version}`, label: `Năm ${c.year} — ${c.locality}, phiên bản ${v.version}` })),
  );
  const defaultPrevious = (forYear: number) => {
    const c = data.catalogs.find((x) => x.year === forYear - 1);
    return c ? `${c.id}@${c.versions[0].version}` : NONE;
  };
  const [previous, setPrevious] = useState(() => defaultPrevious(Number(year)));
  const [previousTouched, setPreviousTouched] = useState(false);
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [workbook, setWorkbook] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const existing = data.drafts.find((d) => d.year === y);
  const ref = (v: string): CatalogRef | null => {
    if (v === NONE) return null;
    const at = v.lastIndexOf('@');
    return { id: v.slice(0, at), version: Number(v.slice(at + 1)) };
  };

  const done = (r: ApiResult<DraftEnvelope>) => {
    setBusy(false);
    if (r.ok) onStarted(r.data.year);
    else setError(r.message);
  };

  return (
    <div className={css.page}>
      <form
        className={css.card}
        aria-label="Đề xuất danh mục từ nghị quyết"
        data-start="propose"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!yearOk) return;
          if (!file && !text.trim()) {
            setError('Hãy dán danh sách chỉ tiêu của nghị quyết, hoặc chọn tệp có danh sách.');
            return;
          }
          setBusy(true);
          setError('');
          done(file ? await proposeFromFile(file, y, ref(previous), replace) : await proposeFromText({ year: y, previous: ref(previous), text, replace }));
        }}
      >
        <h2 className={css.h2} style={{ margin: 0 }}>
          Đề xuất danh mục từ nghị quyết
        </h2>
        <p className={cat.mini} style={{ margin: 0 }}>
          Dán phần “các chỉ tiêu chủ yếu” của nghị quyết HĐND (danh sách đánh số, gạch đầu dòng, đoạn văn, hoặc bảng chép từ Word hay Excel), hoặc chọn tệp có
          danh sách đó. Hệ thống đọc từng chỉ tiêu, nối với chỉ tiêu năm trước và lấy số liệu năm trước từ các báo cáo đã nộp; chỗ nào chưa chắc sẽ được đánh
          dấu để xem lại.
        </p>
        <div className={cat.formGrid}>
          <label className={cat.field}>
            <span className={cat.mini}>Năm kế hoạch</span>
            <input
              className={cat.input}
              inputMode="numeric"
              value={year}
              data-field="year"
              aria-invalid={!yearOk || undefined}
              onChange={(e) => {
                setYear(e.target.value);
                if (!previousTouched && /^\d{4}$/.test(e.target.value)) setPrevious(defaultPrevious(Number(e.target.value)));
              }}
            />
            {!yearOk && <span className={cat.message}>Hãy nhập năm kế hoạch, ví dụ 2025.</span>}
          </label>
          <Select
            label="Danh mục năm trước (để nối các chỉ tiêu)"
            showLabel
            value={previous}
            field="previous"
            options={[{ value: NONE, label: 'Không dùng (mọi chỉ tiêu là chỉ tiêu mới)' }, ...choices]}
            onChange={(v) => {
              setPrevious(v);
              setPreviousTouched(true);
            }}
          />
        </div>
        <TextArea label="Danh sách chỉ tiêu của nghị quyết" showLabel value={text} onChange={setText} rows={8} field="list" />
        <label className={cat.field}>
          <span className={cat.mini}>Hoặc chọn tệp có danh sách (.txt, .docx, .xlsx; tối đa 4 MB)</span>
          <input type="file" accept=".txt,.docx,.xlsx,text/plain" data-field="list-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        {existing && (
          <label className={cat.inline} style={{ fontSize: 14 }}>
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
            Thay bản đề xuất năm {existing.year} đang có ({existing.savedBy} lưu lúc {formatTimeVi(existing.savedAt)})
          </label>
        )}
        {error && (
          <div className={cat.message} role="alert">
            {error}
          </div>
        )}
        <PrimaryButton
          type="submit"
          text={busy ? 'Đang đề xuất…' : 'Đề xuất danh mục'}
          disabled={busy || !yearOk}
          styles={{ root: { alignSelf: 'flex-start' } }}
        />
      </form>

      <form
        className={css.card}
        aria-label="Nhập danh mục từ tệp Excel"
        data-start="import"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!workbook) return;
          setBusy(true);
          setError('');
          done(await importWorkbook(workbook, false));
        }}
      >
        <h2 className={css.h2} style={{ margin: 0 }}>
          Nhập danh mục từ tệp Excel
        </h2>
        <p className={cat.mini} style={{ margin: 0 }}>
          Tệp Excel tải từ mục “Tải Excel” của một phiên bản bên dưới, đã sửa trong Excel. Nội dung thành bản đề xuất để xem lại rồi công bố.
        </p>
        <label className={cat.field}>
          <span className={cat.mini}>Tệp danh mục (.xlsx)</span>
          <input type="file" accept=".xlsx" data-field="workbook-file" onChange={(e) => setWorkbook(e.target.files?.[0] ?? null)} />
        </label>
        <DefaultButton type="submit" text="Nhập tệp" disabled={busy || !workbook} styles={{ root: { alignSelf: 'flex-start' } }} />
      </form>
    </div>
  );
}
