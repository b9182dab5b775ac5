import { ActionButton, DefaultButton, Link, MessageBar, MessageBarType, Panel, PanelType, PrimaryButton, Stack, Text, mergeStyleSets } from '@fluentui/react';
import { useEffect, useState } from 'react';
import { TextField } from './fields.tsx';
import { submissionsEndpoint, withScheme, type SubmitSettings } from './settings.ts';

const css = mergeStyleSets({
  section: { borderTop: '1px solid #EDEBE9', paddingTop: 12 },
  title: { margin: 0, fontSize: 14, fontWeight: 600 },
  address: { overflowWrap: 'anywhere' },
});

export interface SettingsPanelProps {
  isOpen: boolean;
  /** What is saved. */
  settings: SubmitSettings;
  /** The intake address written in the template, used when none is saved. */
  templateUrl?: string;
  pageProtocol?: string;
  /** Persists; throws a Vietnamese Error when it cannot. */
  onSave(next: SubmitSettings): void;
  /** Exchanges the enrolment code (and saves the token); resolves to an error message, or null when enrolled. */
  onEnrol(address: string, code: string, folder: string): Promise<string | null>;
  onDismiss(): void;
}

/**
 * "Cài đặt": normally only the enrolment code, once (the address comes with the template); the
 * shared folder for the folder route; the address and a hand-typed access token only when needed.
 */
export function SettingsPanel({ isOpen, settings, templateUrl, pageProtocol, onSave, onEnrol, onDismiss }: SettingsPanelProps) {
  const [draft, setDraft] = useState(settings);
  const [code, setCode] = useState('');
  const [editAddress, setEditAddress] = useState(false);
  const [manual, setManual] = useState(false);
  const [reEnrol, setReEnrol] = useState(false);
  const [enrolling, setEnrolling] = useState(false);
  const [enrolError, setEnrolError] = useState<string | undefined>();
  const [urlError, setUrlError] = useState<string | undefined>();
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    if (isOpen) {
      setDraft(settings);
      setCode('');
      setEditAddress(false);
      setManual(false);
      setReEnrol(false);
      setEnrolError(undefined);
      setUrlError(undefined);
      setSaveError(null);
    }
  }, [isOpen, settings]);

  const set = (k: 'intakeUrl' | 'token' | 'folder') => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const address = draft.intakeUrl.trim() || templateUrl || '';
  const showAddressField = editAddress || !address;
  const enrolled = Boolean(settings.token.trim()) && !reEnrol;

  const checkAddress = (): boolean => {
    const typed = draft.intakeUrl.trim();
    const endpoint = typed ? submissionsEndpoint(typed, pageProtocol) : null;
    if (endpoint && !endpoint.ok) {
      setUrlError(endpoint.error);
      return false;
    }
    return true;
  };

  const save = () => {
    if (!checkAddress()) return;
    const token = draft.token.trim();
    // A token typed by hand is no longer the enrolled unit's.
    const { unit, unitName, ...rest } = draft;
    const keepUnit = token === settings.token.trim() && unit ? { unit, ...(unitName ? { unitName } : {}) } : {};
    try {
      onSave({ ...rest, ...keepUnit, intakeUrl: withScheme(draft.intakeUrl), token, folder: draft.folder.trim() });
      onDismiss();
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
    }
  };

  const submitCode = async () => {
    if (!checkAddress()) return;
    if (!address) {
      setUrlError('Hãy nhập địa chỉ nhận báo cáo do Phòng Tài chính - Kế hoạch cung cấp.');
      return;
    }
    setEnrolling(true);
    setEnrolError(undefined);
    const error = await onEnrol(withScheme(address), code, draft.folder.trim());
    setEnrolling(false);
    if (error) setEnrolError(error);
    else onDismiss();
  };

  return (
    <Panel
      isOpen={isOpen}
      onDismiss={onDismiss}
      type={PanelType.smallFluid}
      headerText="Cài đặt nộp báo cáo"
      closeButtonAriaLabel="Đóng"
      isFooterAtBottom
      onRenderFooterContent={() => (
        <Stack horizontal tokens={{ childrenGap: 8 }}>
          <PrimaryButton text="Lưu" onClick={save} />
          <DefaultButton text="Đóng" onClick={onDismiss} />
        </Stack>
      )}
    >
      <Stack tokens={{ childrenGap: 12 }} styles={{ root: { paddingTop: 8 } }}>
        {saveError && (
          <MessageBar messageBarType={MessageBarType.error} isMultiline>
            {saveError}
          </MessageBar>
        )}
        <Stack tokens={{ childrenGap: 8 }} data-enrolment>
          <Text as="h2" className={css.title}>
            Nộp qua mạng
          </Text>
          {enrolled ? (
            <>
              <Text data-enrolled>Đã đăng ký nộp qua mạng{settings.unitName ? ` cho ${settings.unitName}` : ''}.</Text>
              <DefaultButton text="Đăng ký lại" onClick={() => setReEnrol(true)} styles={{ root: { alignSelf: 'flex-start' } }} />
            </>
          ) : (
            <>
              <TextField
                label="Mã đăng ký"
                description="Mã dùng một lần do Phòng Tài chính - Kế hoạch cấp cho đơn vị."
                value={code}
                onChange={(v) => {
                  setCode(v);
                  setEnrolError(undefined);
                }}
                onEnter={() => void submitCode()}
                errorMessage={enrolError}
              />
              <PrimaryButton
                text={enrolling ? 'Đang đăng ký…' : 'Đăng ký'}
                onClick={() => void submitCode()}
                disabled={enrolling || !code.trim()}
                styles={{ root: { alignSelf: 'flex-start' } }}
              />
            </>
          )}
          {showAddressField ? (
            <TextField
              label="Địa chỉ nhận báo cáo"
              description="Ví dụ: phuluc.honglinh.gov.vn (do Phòng Tài chính - Kế hoạch cung cấp)."
              value={draft.intakeUrl}
              onChange={(v) => {
                set('intakeUrl')(v);
                setUrlError(undefined);
              }}
              errorMessage={urlError}
            />
          ) : (
            <Text variant="small" className={css.address} data-address-known>
              Địa chỉ nhận báo cáo: {address} <Link onClick={() => setEditAddress(true)}>Sửa</Link>
            </Text>
          )}
        </Stack>
        <div className={css.section}>
          <TextField
            label="Thư mục nộp báo cáo chung"
            description="Nơi lưu tệp khi không nộp qua mạng được, ví dụ \\may-chu\NopBaoCao."
            value={draft.folder}
            onChange={set('folder')}
          />
        </div>
        <div className={css.section}>
          <ActionButton
            iconProps={{ iconName: manual ? 'ChevronDown' : 'ChevronRight' }}
            aria-expanded={manual}
            onClick={() => setManual((m) => !m)}
            styles={{ root: { height: 28, paddingLeft: 0 } }}
          >
            Nhập mã truy cập thủ công
          </ActionButton>
          {manual && (
            <TextField
              label="Mã truy cập của đơn vị"
              secret
              value={draft.token}
              onChange={set('token')}
              description="Chỉ dùng khi Phòng Tài chính - Kế hoạch cấp mã truy cập thay cho mã đăng ký. Giữ bí mật."
            />
          )}
        </div>
      </Stack>
    </Panel>
  );
}
