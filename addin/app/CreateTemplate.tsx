import { Dropdown, MessageBar, MessageBarType, PrimaryButton, ResponsiveMode, Stack, Text, type IDropdownOption, type IDropdownStyles } from '@fluentui/react';
import { useMemo, useState } from 'react';
import { findPeriod, findUnit, type Catalog, type Period, type Unit } from '../../shared/catalog.ts';
import type { BundledCatalog } from '../catalogs.ts';
import { CAPABILITY_WARNINGS } from '../office/capabilities.ts';
import { catalogLabel, defaultCatalog, defaultPeriod, unitOptions } from './view-model.ts';

export interface CreateTemplateProps {
  catalogs: BundledCatalog[];
  now: Date;
  /** The workbook already has a "Phụ lục 1" sheet: creating would be refused. */
  sheetNameTaken: boolean;
  /** This Excel can draw a template (ExcelApi 1.7); else the pane points to the template file. */
  canDraw: boolean;
  busy: boolean;
  onCreate(catalog: Catalog, unit: Unit, period: Period): void;
}

/**
 * Dropdowns stay dropdowns in a 320 px pane (Fluent opens a full-height side panel on small
 * screens otherwise), and long names wrap instead of being cut ("Phòng Lao động - Thương binh và
 * Xã hội (2 chỉ tiêu)").
 */
const DROPDOWN_STYLES: Partial<IDropdownStyles> = {
  title: { height: 'auto', minHeight: 32, lineHeight: '20px', paddingTop: 5, paddingBottom: 5, whiteSpace: 'normal', overflowWrap: 'break-word' },
  caretDownWrapper: { top: 6 },
  dropdownItem: { height: 'auto', minHeight: 36, paddingTop: 6, paddingBottom: 6 },
  dropdownItemSelected: { height: 'auto', minHeight: 36, paddingTop: 6, paddingBottom: 6 },
  dropdownOptionText: { whiteSpace: 'normal', overflow: 'visible', overflowWrap: 'break-word', lineHeight: '18px' },
  callout: { maxWidth: 'calc(100vw - 16px)' },
};

function PaneDropdown(props: { label: string; options: IDropdownOption[]; selectedKey: string | null; placeholder?: string; onChange(key: string | undefined): void }) {
  return (
    <Dropdown
      label={props.label}
      options={props.options}
      selectedKey={props.selectedKey}
      placeholder={props.placeholder}
      onChange={(_, o) => props.onChange(o ? String(o.key) : undefined)}
      responsiveMode={ResponsiveMode.large}
      dropdownWidth="auto"
      styles={DROPDOWN_STYLES}
    />
  );
}

export function CreateTemplate({ catalogs, now, sheetNameTaken, canDraw, busy, onCreate }: CreateTemplateProps) {
  const [catalogId, setCatalogId] = useState(() => defaultCatalog(catalogs, now)?.catalog.id);
  const catalog = catalogs.find((c) => c.catalog.id === catalogId)?.catalog;
  const [unitCode, setUnitCode] = useState<string | undefined>();
  const [periodId, setPeriodId] = useState<string | undefined>(() => (catalog ? defaultPeriod(catalog, now).id : undefined));

  const catalogOptions: IDropdownOption[] = useMemo(() => catalogs.map((c) => ({ key: c.catalog.id, text: catalogLabel(c.catalog) })), [catalogs]);
  const units: IDropdownOption[] = useMemo(() => (catalog ? unitOptions(catalog).map((u) => ({ key: u.code, text: u.label })) : []), [catalog]);
  const periods: IDropdownOption[] = useMemo(() => (catalog ? catalog.periods.map((p) => ({ key: p.id, text: p.header })) : []), [catalog]);

  const unit = catalog && unitCode ? findUnit(catalog, unitCode) : undefined;
  const period = catalog && periodId ? findPeriod(catalog, periodId) : undefined;

  if (!canDraw) {
    return (
      <Stack as="section" tokens={{ childrenGap: 10 }} aria-labelledby="create-title" data-cannot-draw>
        <Text as="h2" id="create-title" variant="large" styles={{ root: { margin: 0, fontWeight: 600 } }}>Biểu mẫu Phụ lục 1</Text>
        <Text>Sổ làm việc này chưa có biểu mẫu Phụ lục 1.</Text>
        <MessageBar messageBarType={MessageBarType.info} isMultiline>{CAPABILITY_WARNINGS.drawTemplate}</MessageBar>
      </Stack>
    );
  }

  return (
    <Stack as="section" tokens={{ childrenGap: 10 }} aria-labelledby="create-title">
      <Text as="h2" id="create-title" variant="large" styles={{ root: { margin: 0, fontWeight: 600 } }}>Tạo biểu mẫu</Text>
      <Text>Sổ làm việc này chưa có biểu mẫu Phụ lục 1. Chọn danh mục, đơn vị và kỳ báo cáo để tạo trang nhập số liệu của đơn vị.</Text>
      {sheetNameTaken && (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline>
          Sổ làm việc đã có trang “Phụ lục 1” nhưng không phải biểu mẫu do phần bổ trợ tạo. Hãy mở một sổ làm việc trống để tạo biểu mẫu.
        </MessageBar>
      )}
      <PaneDropdown
        label="Danh mục chỉ tiêu"
        options={catalogOptions}
        selectedKey={catalogId ?? null}
        onChange={(key) => {
          const next = catalogs.find((c) => c.catalog.id === key)?.catalog;
          setCatalogId(next?.id);
          setUnitCode(undefined);
          setPeriodId(next ? defaultPeriod(next, now).id : undefined);
        }}
      />
      <PaneDropdown label="Đơn vị báo cáo" placeholder="Chọn đơn vị" options={units} selectedKey={unitCode ?? null} onChange={setUnitCode} />
      <PaneDropdown label="Kỳ báo cáo" options={periods} selectedKey={periodId ?? null} onChange={setPeriodId} />
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
