import { DefaultButton, MessageBar, MessageBarType, Panel, PanelType, PrimaryButton, Stack, Text, TextField } from '@fluentui/react';
import { useEffect, useState } from 'react';
import { submissionsEndpoint, type SubmitSettings } from './settings.ts';

export interface SettingsPanelProps {
  isOpen: boolean;
  settings: SubmitSettings;
  pageProtocol?: string;
  /** Persists; throws a Vietnamese Error when it cannot. */
  onSave(next: SubmitSettings): void;
  onDismiss(): void;
}

/** "Cài đặt": the intake address, the unit's access token (a password field) and the shared folder. */
export function SettingsPanel({ isOpen, settings, pageProtocol, onSave, onDismiss }: SettingsPanelProps) {
  const [draft, setDraft] = useState(settings);
  const [urlError, setUrlError] = useState<string | undefined>();
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    if (isOpen) {
      setDraft(settings);
      setUrlError(undefined);
      setSaveError(null);
    }
  }, [isOpen, settings]);

  const set = (k: keyof SubmitSettings) => (_: unknown, v?: string) => setDraft((d) => ({ ...d, [k]: v ?? '' }));

  const save = () => {
    const url = draft.intakeUrl.trim();
    const endpoint = url ? submissionsEndpoint(url, pageProtocol) : null;
    if (endpoint && !endpoint.ok) {
      setUrlError(endpoint.error);
      return;
    }
    try {
      onSave({ intakeUrl: url, token: draft.token.trim(), folder: draft.folder.trim() });
      onDismiss();
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Panel
      isOpen={isOpen}
      onDismiss={onDismiss}
      type={PanelType.smallFluid}
      headerText="Cài đặt"
      closeButtonAriaLabel="Đóng"
      isFooterAtBottom
      onRenderFooterContent={() => (
        <Stack horizontal tokens={{ childrenGap: 8 }}>
          <PrimaryButton text="Lưu" onClick={save} />
          <DefaultButton text="Hủy" onClick={onDismiss} />
        </Stack>
      )}
    >
      <Stack tokens={{ childrenGap: 12 }} styles={{ root: { paddingTop: 8 } }}>
        <Text>Địa chỉ nhận báo cáo và mã truy cập do Phòng Tài chính - Kế hoạch cấp riêng cho từng đơn vị.</Text>
        {saveError && <MessageBar messageBarType={MessageBarType.error} isMultiline>{saveError}</MessageBar>}
        <TextField
          label="Địa chỉ nhận báo cáo"
          type="url"
          placeholder="https://phuluc.example.gov.vn"
          value={draft.intakeUrl}
          onChange={(e, v) => {
            set('intakeUrl')(e, v);
            setUrlError(undefined);
          }}
          errorMessage={urlError}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          label="Mã truy cập của đơn vị"
          type="password"
          canRevealPassword
          revealPasswordAriaLabel="Hiện mã truy cập"
          value={draft.token}
          onChange={set('token')}
          autoComplete="off"
          spellCheck={false}
          description="Giữ bí mật; mỗi đơn vị có một mã riêng."
        />
        <TextField
          label="Thư mục nộp báo cáo chung"
          placeholder="\\may-chu\NopBaoCao"
          value={draft.folder}
          onChange={set('folder')}
          autoComplete="off"
          spellCheck={false}
          description="Nơi lưu tệp khi không gửi được qua mạng."
        />
      </Stack>
    </Panel>
  );
}
