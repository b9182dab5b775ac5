import { DefaultButton, Link, MessageBar, MessageBarType, PrimaryButton, Spinner, SpinnerSize, Stack, Text } from '@fluentui/react';
import { useEffect, useMemo, useState } from 'react';
import { findPeriod, findUnit, type Catalog, type Period, type Unit } from '../../shared/catalog.ts';
import type { BundledCatalog } from '../catalogs.ts';
import { CAPABILITY_WARNINGS } from '../office/capabilities.ts';
import { ChoiceList, type Choice } from './fields.tsx';
import { catalogLabel, defaultCatalog, defaultPeriod, unitOptions } from './view-model.ts';

/** Where the catalogues to create a template from stand: the pane bundles none, it asks its worker. */
export type CatalogState =
  | { kind: 'ready' }
  | { kind: 'loading' }
  /** None to be had: not enrolled (`fix: 'settings'`), or the worker did not answer (`'later'`). */
  | { kind: 'missing'; message: string; fix: 'settings' | 'later' | 'file' };

export interface CreateTemplateProps {
  catalogs: BundledCatalog[];
  catalogState: CatalogState;
  /** The period the worker collects now: chosen first when its catalogue is. */
  period?: string;
  now: Date;
  /** The workbook already has a "Phụ lục 1" sheet: creating would be refused. */
  sheetNameTaken: boolean;
  /** This Excel can draw a template (ExcelApi 1.7); else the pane points to the template file. */
  canDraw: boolean;
  busy: boolean;
  onCreate(catalog: Catalog, unit: Unit, period: Period): void;
  onOpenSettings?(): void;
  onRetry?(): void;
}

function firstPeriod(catalog: Catalog | undefined, preferred: string | undefined, now: Date): string | undefined {
  if (!catalog) return undefined;
  return (preferred && findPeriod(catalog, preferred)?.id) ?? defaultPeriod(catalog, now).id;
}

export function CreateTemplate({
  catalogs,
  catalogState,
  period: collected,
  now,
  sheetNameTaken,
  canDraw,
  busy,
  onCreate,
  onOpenSettings,
  onRetry,
}: CreateTemplateProps) {
  const [catalogId, setCatalogId] = useState(() => defaultCatalog(catalogs, now)?.catalog.id);
  const catalog = catalogs.find((c) => c.catalog.id === catalogId)?.catalog;
  const [unitCode, setUnitCode] = useState<string | undefined>();
  const [periodId, setPeriodId] = useState<string | undefined>(() => firstPeriod(catalog, collected, now));
  // The catalogues arrive from the worker after the form is shown.
  useEffect(() => {
    if (catalogId === undefined && catalogs.length) {
      const c = defaultCatalog(catalogs, now)?.catalog;
      setCatalogId(c?.id);
      setPeriodId(firstPeriod(c, collected, now));
    }
  }, [catalogs, catalogId, collected, now]);

  const catalogOptions: Choice[] = useMemo(() => catalogs.map((c) => ({ key: c.catalog.id, text: catalogLabel(c.catalog) })), [catalogs]);
  const units: Choice[] = useMemo(() => (catalog ? unitOptions(catalog).map((u) => ({ key: u.code, text: u.label })) : []), [catalog]);
  const periods: Choice[] = useMemo(() => (catalog ? catalog.periods.map((p) => ({ key: p.id, text: p.header })) : []), [catalog]);

  const unit = catalog && unitCode ? findUnit(catalog, unitCode) : undefined;
  const period = catalog && periodId ? findPeriod(catalog, periodId) : undefined;

  if (!canDraw) {
    return (
      <Stack as="section" tokens={{ childrenGap: 10 }} aria-labelledby="create-title" data-cannot-draw>
        <Text as="h2" id="create-title" variant="large" styles={{ root: { margin: 0, fontWeight: 600 } }}>
          Biểu mẫu Phụ lục 1
        </Text>
        <Text>Sổ làm việc này chưa có biểu mẫu Phụ lục 1.</Text>
        <MessageBar messageBarType={MessageBarType.info} isMultiline>
          {CAPABILITY_WARNINGS.drawTemplate}
        </MessageBar>
      </Stack>
    );
  }

  return (
    <Stack as="section" tokens={{ childrenGap: 10 }} aria-labelledby="create-title">
      <Text as="h2" id="create-title" variant="large" styles={{ root: { margin: 0, fontWeight: 600 } }}>
        Tạo biểu mẫu
      </Text>
      <Text>Sổ làm việc này chưa có biểu mẫu Phụ lục 1. Chọn danh mục, đơn vị và kỳ báo cáo để tạo trang nhập số liệu của đơn vị.</Text>
      {sheetNameTaken && (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline>
          Sổ làm việc đã có trang “Phụ lục 1” nhưng không phải biểu mẫu do phần bổ trợ tạo. Hãy mở một sổ làm việc trống để tạo biểu mẫu.
        </MessageBar>
      )}
      {catalogState.kind === 'loading' && !catalogs.length && <Spinner size={SpinnerSize.small} label="Đang tải danh mục chỉ tiêu từ hệ thống…" />}
      {catalogState.kind === 'missing' && !catalogs.length && (
        <div data-catalogs-missing={catalogState.fix}>
          <MessageBar messageBarType={MessageBarType.info} isMultiline>
            {catalogState.message}
            {catalogState.fix === 'settings' && onOpenSettings && (
              <>
                {' '}
                <Link onClick={onOpenSettings} data-open-settings>
                  Mở cài đặt
                </Link>
              </>
            )}
          </MessageBar>
          {catalogState.fix === 'later' && onRetry && <DefaultButton text="Thử lại" onClick={onRetry} styles={{ root: { marginTop: 8 } }} />}
        </div>
      )}
      {catalogs.length > 0 && (
        <>
          <ChoiceList
            label="Danh mục chỉ tiêu"
            options={catalogOptions}
            selectedKey={catalogId ?? null}
            onChange={(key) => {
              const next = catalogs.find((c) => c.catalog.id === key)?.catalog;
              setCatalogId(next?.id);
              setUnitCode(undefined);
              setPeriodId(firstPeriod(next, collected, now));
            }}
          />
          <ChoiceList label="Đơn vị báo cáo" options={units} selectedKey={unitCode ?? null} onChange={setUnitCode} />
          <ChoiceList label="Kỳ báo cáo" options={periods} selectedKey={periodId ?? null} onChange={setPeriodId} />
        </>
      )}
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
