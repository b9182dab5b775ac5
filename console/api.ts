/**
 * The console's calls to its JSON API (same origin, the session cookie goes by itself). Every
 * change carries the session's CSRF token; every failure comes back as a Vietnamese message (the
 * system's own `error` text when it gives one). One typed function per route.
 */
import {
  CONSOLE_API,
  CSRF_HEADER,
  type AccountsResponse,
  type AuditFilter,
  type ActionResult,
  type AppendixView,
  type AuditResponse,
  type BoardResponse,
  type BulkApproveRequest,
  type BulkApproveResult,
  type ConsoleSession,
  type CsrfResponse,
  type EnrolmentIssued,
  type ExcuseRequest,
  type LateResponse,
  type NewAccountRequest,
  type OpenPeriodRequest,
  type PeriodsResponse,
  type ReminderRequest,
  type ReminderResult,
  type RevokeResult,
  type RoleRequest,
  type SetupRequest,
  type SubmissionView,
  type TakeNowResult,
  type UnitsResponse,
} from '../shared/console-api.ts';
import type { ReviewAction } from '../shared/review.ts';
import { periodQuery } from './route.ts';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Told when the session is gone (401): the app shows the login form again. */
let onSignedOut: () => void = () => {};
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

export function apiUrl(path: string): string {
  return `${CONSOLE_API}${path}`;
}

export async function call<T>(path: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<ApiResult<T>> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    headers[CSRF_HEADER] = csrfToken;
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(method !== 'GET' ? { body: JSON.stringify(init.body ?? {}) } : {}),
    });
  } catch {
    return {
      ok: false,
      status: 0,
      message: 'Không kết nối được với hệ thống. Hãy kiểm tra mạng nội bộ hoặc hỏi bộ phận kỹ thuật xem hệ thống có đang chạy không.',
    };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (res.ok) return { ok: true, data: body as T };
  const message = (body as { error?: string } | undefined)?.error ?? `Hệ thống trả lời lỗi (mã ${res.status}). Hãy thử lại.`;
  if (res.status === 401 && path !== '/login') onSignedOut();
  return { ok: false, status: res.status, message };
}

const post = <T>(path: string, body: unknown = {}) => call<T>(path, { method: 'POST', body });
const seg = encodeURIComponent;

/** A change that answers a session (login, set-up, a new password): its CSRF token is the one to use next. */
async function sessionCall(path: string, body: unknown): Promise<ApiResult<ConsoleSession>> {
  const r = await post<ConsoleSession>(path, body);
  if (r.ok) setCsrfToken(r.data.csrfToken);
  return r;
}

// --- Session --------------------------------------------------------------------------------

/** The form's token, the session when logged in, and whether the first account is still to be made. */
export async function whoAmI(): Promise<ApiResult<CsrfResponse>> {
  const r = await call<CsrfResponse>('/csrf');
  if (r.ok) setCsrfToken(r.data.session?.csrfToken ?? r.data.csrfToken);
  return r;
}

export async function login(name: string, password: string): Promise<ApiResult<ConsoleSession>> {
  const pre = await whoAmI();
  if (!pre.ok) return pre;
  return sessionCall('/login', { name, password });
}

/** The first administrator, with the one-time code `phuluc start` printed. */
export async function setup(req: SetupRequest): Promise<ApiResult<ConsoleSession>> {
  const pre = await whoAmI();
  if (!pre.ok) return pre;
  return sessionCall('/setup', req);
}

export function changePassword(current: string, next: string): Promise<ApiResult<ConsoleSession>> {
  return sessionCall('/password', { current, next });
}

export async function logout(): Promise<void> {
  await post('/logout');
  setCsrfToken('');
}

// --- Periods ----------------------------------------------------------------------------------

export const periods = () => call<PeriodsResponse>('/periods');
export const openPeriod = (req: OpenPeriodRequest) => post<{ ok: true }>('/periods', req);
export const moveDeadline = (id: string, deadline: string) => post<{ ok: true }>(`/periods/${seg(id)}/deadline`, { deadline });
export const closePeriod = (id: string) => post<{ ok: true }>(`/periods/${seg(id)}/close`);
export const reopenPeriod = (id: string) => post<{ ok: true }>(`/periods/${seg(id)}/reopen`);

// --- The review of a period -------------------------------------------------------------------

export const board = (period?: string) => call<BoardResponse>(`/board${periodQuery(period)}`);
export const late = (period?: string) => call<LateResponse>(`/late${periodQuery(period)}`);
export const appendix = (period?: string) => call<AppendixView>(`/appendix${periodQuery(period)}`);
export const submission = (id: number) => call<SubmissionView>(`/submissions/${id}`);
export const review = (id: number, action: ReviewAction, body: { note?: string; comments?: { indicator: string; text: string }[] } = {}) =>
  post<ActionResult>(`/submissions/${id}/${action}`, body);
export const approveMany = (req: BulkApproveRequest) => post<BulkApproveResult>('/approve', req);
export const excuse = (req: ExcuseRequest) => post<{ ok: true }>('/excusals', req);
export const takeInbox = () => post<TakeNowResult>('/inbox/take');
export const sendReminders = (req: ReminderRequest) => post<ReminderResult>('/reminders', req);

// --- The departments' access ------------------------------------------------------------------

export const units = (period?: string) => call<UnitsResponse>(`/units${periodQuery(period)}`);
export const setUnitEmail = (code: string, email: string | null) => post<{ ok: true }>(`/units/${seg(code)}/email`, { email });
export const issueEnrolment = (code: string) => post<EnrolmentIssued>(`/units/${seg(code)}/enrolment`);
export const revokeAccess = (code: string) => post<RevokeResult>(`/units/${seg(code)}/revoke`);

// --- Accounts (the administrator) ------------------------------------------------------------

export const accounts = () => call<AccountsResponse>('/accounts');
export const addAccount = (req: NewAccountRequest) => post<{ ok: true }>('/accounts', req);
export const resetPassword = (name: string, password: string) => post<{ ok: true }>(`/accounts/${seg(name)}/reset`, { password });
export const disableAccount = (name: string) => post<{ ok: true }>(`/accounts/${seg(name)}/disable`);
export const changeRole = (name: string, req: RoleRequest) => post<{ ok: true }>(`/accounts/${seg(name)}/role`, req);

// --- The audit -------------------------------------------------------------------------------

const auditQuery = (f: AuditFilter) => periodQuery(f.period, { unit: f.unit, kind: f.kind, from: f.from, to: f.to });
export const audit = (f: AuditFilter) => call<AuditResponse>(`/audit${auditQuery(f)}`);

// --- Downloads (plain links: same origin, GET, the session cookie goes with them) -----------------

export const downloads = {
  appendixXlsx: (period?: string) => apiUrl(`/appendix/file.xlsx${periodQuery(period)}`),
  appendixPdf: (period?: string) => apiUrl(`/appendix/file.pdf${periodQuery(period)}`),
  appendixVersion: (n: number, period?: string) => apiUrl(`/appendix/versions/${n}/file.xlsx${periodQuery(period)}`),
  submissionFile: (id: number) => apiUrl(`/submissions/${id}/file`),
  template: (code: string, period?: string) => apiUrl(`/templates/${seg(code)}.xlsx${periodQuery(period)}`),
  templatesZip: (period?: string) => apiUrl(`/templates.zip${periodQuery(period)}`),
  auditXlsx: (f: AuditFilter) => apiUrl(`/audit.xlsx${auditQuery(f)}`),
};
