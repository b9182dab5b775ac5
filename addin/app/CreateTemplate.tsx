import { Dropdown, MessageBar, MessageBarType, PrimaryButton, Stack, Text, type IDropdownOption } from '@fluentui/react';
import { useMemo, useState } from 'react';
import { findPeriod, findUnit, type Catalog, type Period, type Unit } from '../../shared/catalog.ts';
import type { BundledCatalog } from '../catalogs.ts';
import { catalogLabel, defaultCatalog, defaultPeriod, unitOptions } from './view-model.ts';

export interface CreateTemplateProps {
  catalogs: BundledCatalog[];
  now: Date;
  /** The workbook already has a "Phụ lục 1" sheet: creating would be refused. */
  sheetNameTaken: boolean;
  busy: boolean;
  onCreate(catalog: Catalog, unit: Unit, period: Period): void;
}

export function CreateTemplate({ catalogs, now, sheetNameTaken, busy, onCreate }: CreateTemplateProps) {
  const [catalogId, setCatalogId] = useState(() => defaultCatalog(catalogs, now)?.catalog.id);
  const catalog = catalogs.find((c) => c.catalog.id === catalogId)?.catalog;
  const [unitCode, setUnitCode] = useState<string | undefined>();
  const [periodId, setPeriodId] = useState<string | undefined>(() => (catalog ? defaultPeriod(catalog, now).id : undefined));

  const catalogOptions: IDropdownOption[] = useMemo(() => catalogs.map((c) => ({ key: c.catalog.id, text: catalogLabel(c.catalog) })), [catalogs]);
  const units: IDropdownOption[] = useMemo(() => (catalog ? unitOptions(catalog).map((u) => ({ key: u.code, text: u.label })) : []), [catalog]);
  const periods: IDropdownOption[] = useMemo(() => (catalog ? catalog.periods.map((p) => ({ key: p.id, text: p.header })) : []), [catalog]);

  const unit = catalog && unitCode ? findUnit(catalog, unitCode) : undefined;
  const period = catalog && periodId ? findPeriod(catalog, periodId) : undefined;

  return (
    <Stack as="section" tokens={{ childrenGap: 10 }} aria-labelledby="create-title">
      <Text as="h2" id="create-title" variant="large" styles={{ root: { margin: 0, fontWeight: 600 } }}>Tạo biểu mẫu</Text>
      <Text>Sổ làm việc này chưa có biểu mẫu Phụ lục 1. Chọn danh mục, đơn vị và kỳ báo cáo để tạo trang nhập số liệu của đơn vị.</Text>
      {sheetNameTaken && (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline>
          Sổ làm việc đã có trang “Phụ lục 1” nhưng không phải biểu mẫu do phần bổ trợ tạo. Hãy mở một sổ làm việc trống để tạo biểu mẫu.
        </MessageBar>
      )}
      <Dropdown
        label="Danh mục chỉ tiêu"
        options={catalogOptions}
        selectedKey={catalogId ?? null}
        onChange={(_, o) => {
          const next = catalogs.find((c) => c.catalog.id === o?.key)?.catalog;
          setCatalogId(next?.id);
          setUnitCode(undefined);
          setPeriodId(next ? defaultPeriod(next, now).id : undefined);
        }}
      />
      <Dropdown label="Đơn vị báo cáo" placeholder="Chọn đơn vị" options={units} selectedKey={unitCode ?? null} onChange={(_, o) => setUnitCode(o ? String(o.key) : undefined)} />
      <Dropdown label="Kỳ báo cáo" options={periods} selectedKey={periodId ?? null} onChange={(_, o) => setPeriodId(o ? String(o.key) : undefined)} />
      <PrimaryButton
        text="Tạo biểu mẫu"
        iconProps={{ iconName: 'Add' }}
        disabled={!catalog || !unit || !period || busy || sheetNameTaken}
        onClick={() => {
          if (catalog && unit && period) onCreate(catalog, unit, period);
        }}
      />
    </Stack>
  );
}
