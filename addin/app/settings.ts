/**
 * The pane's submission settings ("Cài đặt"): the intake address, the unit's access token and the
 * shared folder. The officer normally types none of it: the template carries the address (its
 * `intakeUrl` metadata entry) and the token comes from exchanging a one-time enrolment code
 * (intake.ts enrol). Kept in localStorage under the add-in's partition key when Office gives one
 * (Office.context.partitionKey; Excel on the web partitions storage per add-in), never in the
 * workbook, which gets e-mailed around. The token leaves this store only in the Authorization
 * header, and is never logged.
 */
import { ENROL_PATH, INTAKE_PATH as SUBMISSIONS_PATH } from '../../shared/intake.ts';

export interface SubmitSettings {
  /** Base address of the worker ("https://phuluc.example.gov.vn") or the full submissions URL; "" = the template's. */
  intakeUrl: string;
  /** The unit's access token (from enrolment, or `phuluc token --unit X`). */
  token: string;
  /** The shared folder for the folder route ("\\\\may-chu\\NopBaoCao"). */
  folder: string;
  /** The unit the token belongs to, when it came from enrolment. */
  unit?: string;
  unitName?: string;
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
  const str = (k: 'intakeUrl' | 'token' | 'folder') => (typeof o[k] === 'string' ? (o[k] as string) : defaults[k]);
  const out: SubmitSettings = { intakeUrl: str('intakeUrl'), token: str('token'), folder: str('folder') };
  if (typeof o.unit === 'string' && o.unit) out.unit = o.unit;
  if (typeof o.unitName === 'string' && o.unitName) out.unitName = o.unitName;
  return out;
}

/**
 * localStorage, keyed with Office's partition key when there is one. `defaults` fill what was never
 * saved (e.g. a folder path baked in by the department's deployment).
 */
export function browserSettingsStore(
  storage: Storage | null | undefined,
  partitionKey?: string | null,
  defaults: SubmitSettings = EMPTY_SETTINGS,
): SettingsStore {
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
      if (!storage) throw new Error('Trình duyệt của Excel không cho phần bổ trợ lưu cài đặt; cài đặt chỉ dùng được đến khi đóng ngăn kiểm tra.');
      try {
        storage.setItem(key, JSON.stringify(clean(settings, EMPTY_SETTINGS)));
      } catch {
        throw new Error('Không lưu được cài đặt (bộ nhớ của trình duyệt bị chặn hoặc đã đầy); cài đặt chỉ dùng được đến khi đóng ngăn kiểm tra.');
      }
    },
  };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export type Endpoint = { ok: true; url: string } | { ok: false; error: string };

/** The address as typed, with https:// added when there is no scheme ("phuluc.gov.vn" → "https://phuluc.gov.vn"). */
export function withScheme(input: string): string {
  const text = input.trim();
  return !text || HAS_SCHEME.test(text) ? text : `https://${text.replace(/^\/+/, '')}`;
}

/**
 * The worker's base address from what was typed or written in the template: https:// added when
 * missing, no query, no trailing /api/v1/submissions. `pageProtocol` is the pane's own (https: in
 * Office): an http:// address other than the local machine would be blocked as mixed content, so
 * it is refused here with the reason.
 */
export function intakeBase(input: string, pageProtocol = 'https:'): Endpoint {
  const text = withScheme(input);
  if (!text) return { ok: false, error: 'Chưa có địa chỉ nhận báo cáo. Hãy nhập địa chỉ do Phòng Tài chính - Kế hoạch cung cấp trong mục “Cài đặt”.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      ok: false,
      error: `Địa chỉ nhận báo cáo “${input.trim()}” không hợp lệ. Hãy nhập địa chỉ do Phòng Tài chính - Kế hoạch cung cấp, ví dụ phuluc.honglinh.gov.vn.`,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: `Địa chỉ nhận báo cáo phải bắt đầu bằng https:// (đang là “${url.protocol}”).` };
  }
  if (url.protocol === 'http:' && pageProtocol === 'https:' && !LOOPBACK.test(url.hostname)) {
    return { ok: false, error: 'Địa chỉ nhận báo cáo phải dùng https://: phần bổ trợ chạy qua HTTPS nên Excel chặn mọi kết nối http:// không mã hóa.' };
  }
  if (url.username || url.password) return { ok: false, error: 'Địa chỉ nhận báo cáo không được chứa tên đăng nhập hay mật khẩu.' };
  url.search = '';
  url.hash = '';
  let path = url.pathname.replace(/\/+$/, '');
  for (const suffix of [SUBMISSIONS_PATH, ENROL_PATH]) if (path.endsWith(suffix)) path = path.slice(0, -suffix.length);
  url.pathname = path || '/';
  return { ok: true, url: url.toString().replace(/\/$/, '') };
}

/** The submissions URL (a base address gets /api/v1/submissions appended). */
export function submissionsEndpoint(input: string, pageProtocol = 'https:'): Endpoint {
  const base = intakeBase(input, pageProtocol);
  return base.ok ? { ok: true, url: `${base.url}${SUBMISSIONS_PATH}` } : base;
}

/** The enrolment URL on the same worker. */
export function enrolEndpoint(input: string, pageProtocol = 'https:'): Endpoint {
  const base = intakeBase(input, pageProtocol);
  return base.ok ? { ok: true, url: `${base.url}${ENROL_PATH}` } : base;
}

/**
 * The address of the system that served this pane, when it was `phuluc start` (its pages carry
 * `<meta name="phuluc-intake" content="same-origin">`, worker/http/pane-static.ts); else undefined
 * (the development server, a pane copied to another web server, tests).
 */
export function paneOrigin(
  doc: Pick<Document, 'querySelector'> | undefined = typeof document === 'undefined' ? undefined : document,
  loc: Pick<Location, 'origin'> | undefined = typeof location === 'undefined' ? undefined : location,
): string | undefined {
  const meta = doc?.querySelector('meta[name="phuluc-intake"]');
  if (!meta || meta.getAttribute('content') !== 'same-origin' || !loc?.origin || !/^https?:\/\//.test(loc.origin)) return undefined;
  return loc.origin;
}

/**
 * The settings the pane submits with: what was saved in "Cài đặt", else the template's address,
 * else the system that served the pane. The template comes before the pane's own server on purpose:
 * one add-in (one manifest, deployed across a province) serves departments of several levels, and
 * each level's template names the system that collects it.
 */
export function effectiveSettings(saved: SubmitSettings, templateUrl?: string, servedFrom: string | undefined = paneOrigin()): SubmitSettings {
  if (saved.intakeUrl.trim()) return saved;
  const fallback = templateUrl || servedFrom;
  return fallback ? { ...saved, intakeUrl: fallback } : saved;
}

export type SettingsGap = { kind: 'address' | 'enrol' | 'invalid'; message: string };

/** What keeps submitting from starting with these settings, or null when it can. */
export function settingsGap(s: SubmitSettings, pageProtocol?: string): SettingsGap | null {
  const endpoint = submissionsEndpoint(s.intakeUrl, pageProtocol);
  if (!endpoint.ok) return { kind: s.intakeUrl.trim() ? 'invalid' : 'address', message: endpoint.error };
  if (!s.token.trim()) return { kind: 'enrol', message: 'Lần đầu nộp qua mạng: hãy nhập mã đăng ký do Phòng Tài chính - Kế hoạch cấp cho đơn vị.' };
  return null;
}

/** settingsGap's message, or null. */
export function settingsProblem(s: SubmitSettings, pageProtocol?: string): string | null {
  return settingsGap(s, pageProtocol)?.message ?? null;
}
