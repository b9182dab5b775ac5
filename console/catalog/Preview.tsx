/**
 * The draft as it will print: a unit's template or the appendix of a period, as the draft stands
 * (unsaved changes included). The worker draws the sheet with the shared layout (shared/layout.ts,
 * the very model of the files it will make) and the page shows it with the console's
 * AppendixSheet, as the appendix page does — so the layout's code stays out of the page.
 */
import { useEffect, useMemo, useState } from 'react';
import { reportingUnits } from '../../shared/catalog.ts';
import { draftCatalog, type CatalogDraft } from '../../shared/catalog-draft.ts';
import type { SheetModel } from '../../shared/layout.ts';
import { AppendixSheet } from '../AppendixSheet.tsx';
import { previewDraft } from '../catalog-api.ts';
import { css, Loading, Problem } from '../ui.tsx';
import { Select } from './cells.tsx';
import { cat } from './styles.ts';

const APPENDIX = '__phu_luc__';

export function Preview({ draft }: { draft: CatalogDraft }) {
  const catalog = useMemo(() => draftCatalog(draft), [draft]);
  const units = useMemo(() => reportingUnits(catalog), [catalog]);
  const [periodId, setPeriodId] = useState(catalog.periods[0]?.id ?? '');
  const [what, setWhat] = useState<string>(APPENDIX);
  const [shown, setShown] = useState<{ model?: SheetModel; error?: string }>({});
  const period = catalog.periods.find((p) => p.id === periodId) ?? catalog.periods[0];

  useEffect(() => {
    if (!period) return;
    let live = true;
    const timer = setTimeout(() => {
      void previewDraft({ draft, period: period.id, unit: what === APPENDIX ? null : what }).then((r) => {
        if (live) setShown(r.ok ? { model: r.data.model } : { error: r.message });
      });
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [draft, period, what]);

  return (
    <div className={css.page} data-preview>
      <div className={cat.formGrid}>
        <Select
          label="Kỳ báo cáo"
          showLabel
          value={period?.id ?? ''}
          options={catalog.periods.map((p) => ({ value: p.id, label: p.header }))}
          onChange={setPeriodId}
          field="preview-period"
        />
        <Select
          label="Xem"
          showLabel
          value={what}
          options={[{ value: APPENDIX, label: 'Phụ lục 1 (bản tổng hợp)' }, ...units.map((u) => ({ value: u.code, label: `Biểu mẫu của ${u.name}` }))]}
          onChange={setWhat}
          field="preview-what"
        />
      </div>
      <p className={cat.mini} style={{ margin: 0 }}>
        Xem trước theo bản đề xuất hiện tại (kể cả thay đổi chưa lưu), chưa có số liệu.
      </p>
      {!period && <Problem text="Danh mục chưa có kỳ báo cáo nào." />}
      {shown.error && <Problem text={shown.error} />}
      {!shown.error && !shown.model && period && <Loading label="Đang dựng bản xem trước…" />}
      {shown.model && <AppendixSheet model={shown.model} label={what === APPENDIX ? 'Phụ lục 1, xem trước' : 'Biểu mẫu, xem trước'} />}
    </div>
  );
}
