/**
 * The pane's submission settings ("Cài đặt"): the intake address, the unit's access token and the
 * shared inbox folder. Kept in localStorage under the add-in's partition key when Office gives one
 * (Office.context.partitionKey; Excel on the web partitions storage per add-in). The token never
 * leaves this store except in the Authorization header, and is never logged.
 */
import { INTAKE_PATH as SUBMISSIONS_PATH } from '../../shared/intake.ts';

export interface SubmitSettings {
  /** Base address of the worker ("https://phuluc.example.gov.vn") or the full submissions URL. */
  intakeUrl: string;
  /** The unit's bearer token (`phuluc token --unit X`). */
  token: string;
  /** The shared inbox folder for the folder route ("\\\\may-chu\\NopBaoCao"). */
  folder: string;
}

export const EMPTY_SETTINGS: SubmitSettings = { intakeUrl: '', token: '', folder: '' };

export interface SettingsStore {
  load(): SubmitSettings;
  /** Throws a Vietnamese Error when the browser refuses to store. */
  save(settings: SubmitSettings): void;
}

export const SETTINGS_KEY = 'phuluc.submit.v1';

function clean(raw: unknown, defaults: SubmitSettings): SubmitSettings {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (k: keyof SubmitSettings) => (typeof o[k] === 'string' ? (o[k] as string) : defaults[k]);
  return { intakeUrl: str('intakeUrl'), token: str('token'), folder: str('folder') };
}

/**
 * localStorage, keyed with Office's partition key when there is one. `defaults` fill what was never
 * saved (e.g. a folder path baked in by the department's deployment).
 */
export function browserSettingsStore(storage: Storage | null | undefined, partitionKey?: string | null, defaults: SubmitSettings = EMPTY_SETTINGS): SettingsStore {
  const key = partitionKey ? `${partitionKey}${SETTINGS_KEY}` : SETTINGS_KEY;
  return {
    load() {
      try {
        const text = storage?.getItem(key);
        return clean(text ? JSON.parse(text) : {}, defaults);
      } catch {
        return { ...defaults };
      }
    },
    save(settings) {
      if (!storage) throw new Error('Trình duyệt của Excel không cho phần bổ trợ lưu cài đặt; cài đặt chỉ dùng được đến khi đóng ngăn tác vụ.');
      try {
        storage.setItem(key, JSON.stringify(clean(settings, EMPTY_SETTINGS)));
      } catch {
        throw new Error('Không lưu được cài đặt (bộ nhớ của trình duyệt bị chặn hoặc đã đầy); cài đặt chỉ dùng được đến khi đóng ngăn tác vụ.');
      }
    },
  };
}

/** An in-memory store (tests, or when storage is unavailable). */
export function memorySettingsStore(initial: SubmitSettings = EMPTY_SETTINGS): SettingsStore {
  let current = { ...initial };
  return {
    load: () => ({ ...current }),
    save: (s) => {
      current = { ...s };
    },
  };
}

export { SUBMISSIONS_PATH };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export type Endpoint = { ok: true; url: string } | { ok: false; error: string };

/**
 * The submissions URL from what the officer typed: a base address gets /api/v1/submissions
 * appended. `pageProtocol` is the pane's own (https: in Office): an http:// address other than the
 * local machine would be blocked as mixed content, so it is refused here with the reason.
 */
export function submissionsEndpoint(input: string, pageProtocol = 'https:'): Endpoint {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Chưa có địa chỉ nhận báo cáo. Hãy nhập địa chỉ do Phòng Tài chính - Kế hoạch cung cấp trong mục “Cài đặt”.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `Địa chỉ nhận báo cáo “${text}” không hợp lệ. Địa chỉ phải bắt đầu bằng https://, ví dụ https://phuluc.example.gov.vn.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: `Địa chỉ nhận báo cáo phải bắt đầu bằng https:// (đang là “${url.protocol}”).` };
  }
  if (url.protocol === 'http:' && pageProtocol === 'https:' && !LOOPBACK.test(url.hostname)) {
    return { ok: false, error: 'Địa chỉ nhận báo cáo phải dùng https://: phần bổ trợ chạy qua HTTPS nên Excel chặn mọi kết nối http:// không mã hóa.' };
  }
  if (url.username || url.password) return { ok: false, error: 'Địa chỉ nhận báo cáo không được chứa tên đăng nhập hay mật khẩu; hãy nhập mã truy cập vào ô riêng.' };
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith(SUBMISSIONS_PATH) ? path : `${path}${SUBMISSIONS_PATH}`;
  return { ok: true, url: url.toString() };
}

/** Why submitting cannot start with these settings, or null when it can. */
export function settingsProblem(s: SubmitSettings, pageProtocol?: string): string | null {
  const endpoint = submissionsEndpoint(s.intakeUrl, pageProtocol);
  if (!endpoint.ok) return endpoint.error;
  if (!s.token.trim()) return 'Chưa có mã truy cập của đơn vị. Hãy nhập mã do Phòng Tài chính - Kế hoạch cấp trong mục “Cài đặt”.';
  return null;
}
