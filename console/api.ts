/**
 * The console's calls to its JSON API (same origin, the session cookie goes by itself). Every
 * change carries the session's CSRF token; every failure comes back as a Vietnamese message.
 */
import { CONSOLE_API, CSRF_HEADER, type ConsoleSession } from '../shared/console-api.ts';

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
      method, headers, credentials: 'same-origin', cache: 'no-store',
      ...(method !== 'GET' ? { body: JSON.stringify(init.body ?? {}) } : {}),
    });
  } catch {
    return { ok: false, status: 0, message: 'Không kết nối được với hệ thống. Hãy kiểm tra mạng nội bộ hoặc hỏi bộ phận kỹ thuật xem hệ thống có đang chạy không.' };
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

/** The session when logged in (the login form's CSRF token is kept either way). */
export async function currentSession(): Promise<ConsoleSession | undefined> {
  const r = await call<{ csrfToken: string; session: ConsoleSession | null }>('/csrf');
  if (!r.ok) return undefined;
  setCsrfToken(r.data.session?.csrfToken ?? r.data.csrfToken);
  return r.data.session ?? undefined;
}

export async function login(name: string, password: string): Promise<ApiResult<ConsoleSession>> {
  const pre = await call<{ csrfToken: string }>('/csrf');
  if (!pre.ok) return pre;
  setCsrfToken(pre.data.csrfToken);
  const r = await call<ConsoleSession>('/login', { method: 'POST', body: { name, password } });
  if (r.ok) setCsrfToken(r.data.csrfToken);
  return r;
}

export async function logout(): Promise<void> {
  await call('/logout', { method: 'POST' });
  setCsrfToken('');
}
