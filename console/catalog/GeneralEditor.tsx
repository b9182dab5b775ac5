/**
 * The draft's common part: the locality and the issuer line, the resolution (number, date, body)
 * and the appendix's title and subtitle as printed, and the year's periods with their deadlines
 * (a date and a time in Vietnam).
 */
import { appendixSubtitle, type Period } from '../../shared/catalog.ts';
import { draftCatalog, type CatalogDraft } from '../../shared/catalog-draft.ts';
import { css } from '../ui.tsx';
import { TextInput } from './cells.tsx';
import { cat } from './styles.ts';
import { NO_TIME, vnFields, vnIso } from '../time.ts';
import { DeadlineWords } from '../components/DeadlineWords.tsx';

function Deadline({ period, onChange }: { period: Period; onChange: (iso: string) => void }) {
  const { date, time } = vnFields(period.deadline) ?? NO_TIME;
  const ok = Boolean(vnIso(date, time));
  return (
    <div className={cat.inline}>
      <label className={cat.field}>
        <span className={cat.mini}>Ngày</span>
        <input
          type="date"
          className={cat.input}
          value={date}
          aria-invalid={!ok || undefined}
          aria-label={`Ngày hạn nộp, ${period.header}`}
          onChange={(e) => onChange(vnIso(e.target.value, time || '17:00') ?? '')}
        />
      </label>
      <label className={cat.field}>
        <span className={cat.mini}>Giờ</span>
        <input
          type="time"
          className={cat.input}
          value={time}
          aria-invalid={!ok || undefined}
          aria-label={`Giờ hạn nộp, ${period.header}`}
          onChange={(e) => onChange(vnIso(date, e.target.value) ?? '')}
        />
      </label>
      {!ok && <span className={cat.message}>Hãy chọn ngày và giờ hạn nộp.</span>}
      <DeadlineWords date={date} time={time} className={cat.mini} />
    </div>
  );
}

export function GeneralEditor({ draft, onChange }: { draft: CatalogDraft; onChange: (d: CatalogDraft) => void }) {
  const c = draft.catalog;
  const set = (next: Partial<CatalogDraft['catalog']>) => onChange({ ...draft, catalog: { ...c, ...next } });
  const need = (v: string, what: string) => (v.trim() ? [] : [`Hãy nhập ${what}.`]);
  let subtitle = '';
  try {
    subtitle = appendixSubtitle(draftCatalog(draft));
  } catch {
    subtitle = '';
  }
  return (
    <div className={css.page} data-general>
      <div className={cat.formGrid}>
        <TextInput
          label="Địa phương"
          showLabel
          value={c.locality.name}
          messages={need(c.locality.name, 'tên địa phương')}
          onChange={(name) => set({ locality: { ...c.locality, name } })}
        />
        <TextInput
          label="Dòng cơ quan ban hành (in cuối phụ lục)"
          showLabel
          value={c.locality.issuer}
          messages={need(c.locality.issuer, 'dòng cơ quan ban hành')}
          onChange={(issuer) => set({ locality: { ...c.locality, issuer } })}
        />
        <TextInput
          label="Số nghị quyết"
          showLabel
          value={c.resolution.number}
          messages={need(c.resolution.number, 'số nghị quyết')}
          field="resolution-number"
          onChange={(number) => set({ resolution: { ...c.resolution, number } })}
        />
        <label className={cat.field}>
          <span className={cat.mini}>Ngày nghị quyết (để trống khi chưa ban hành)</span>
          <input
            type="date"
            className={cat.input}
            value={c.resolution.date ?? ''}
            onChange={(e) => set({ resolution: { ...c.resolution, date: e.target.value || null } })}
          />
        </label>
        <TextInput
          label="Cơ quan ban hành nghị quyết"
          showLabel
          value={c.resolution.body}
          messages={need(c.resolution.body, 'cơ quan ban hành nghị quyết')}
          onChange={(body) => set({ resolution: { ...c.resolution, body } })}
        />
        <TextInput
          label="Tiêu đề phụ lục"
          showLabel
          value={c.appendix.title}
          messages={need(c.appendix.title, 'tiêu đề phụ lục')}
          onChange={(title) => set({ appendix: { ...c.appendix, title } })}
        />
      </div>
      <TextInput
        label="Tiêu đề phụ của phụ lục ({number}, {date}, {body}: số, ngày, cơ quan của nghị quyết)"
        showLabel
        value={c.appendix.subtitle}
        messages={need(c.appendix.subtitle, 'tiêu đề phụ')}
        onChange={(subtitle2) => set({ appendix: { ...c.appendix, subtitle: subtitle2 } })}
      />
      {subtitle && <div className={cat.reading}>In ra: {subtitle}</div>}
      <h3 className={css.h2}>Kỳ báo cáo và hạn nộp</h3>
      <table className={cat.plainTable} aria-label="Kỳ báo cáo">
        <thead>
          <tr>
            <th scope="col">Tiêu đề cột</th>
            <th scope="col">Hạn nộp (giờ Việt Nam)</th>
          </tr>
        </thead>
        <tbody>
          {c.periods.map((p) => (
            <tr key={p.id} data-period={p.id}>
              <td data-label="Tiêu đề cột">
                <TextInput
                  label={`Tiêu đề cột của kỳ ${p.header}`}
                  value={p.header}
                  messages={need(p.header, 'tiêu đề cột')}
                  onChange={(header) => set({ periods: c.periods.map((x) => (x.id === p.id ? { ...x, header } : x)) })}
                />
              </td>
              <td data-label="Hạn nộp">
                <Deadline period={p} onChange={(deadline) => set({ periods: c.periods.map((x) => (x.id === p.id ? { ...x, deadline } : x)) })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={cat.mini} style={{ margin: 0 }}>
        Hạn nộp ở đây là hạn mặc định của danh mục; khi mở kỳ báo cáo, Phòng Tài chính - Kế hoạch có thể đặt hạn khác.
      </p>
    </div>
  );
}
