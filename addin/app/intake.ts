/**
 * Talks to the worker's intake endpoint (worker/http.ts): POST the workbook's bytes with the unit's
 * bearer token, GET the unit's history. Every answer becomes a Vietnamese outcome the pane can show
 * as it is; anything that keeps the file from arriving (offline, timeout, blocked, server down)
 * ends in the folder route: save the file into the shared inbox folder instead.
 */
import { XLSX_MEDIA_TYPE as XLSX_TYPE, type Receipt, type ServerProblem } from '../../shared/intake.ts';
import { submissionsEndpoint, type SubmitSettings } from './settings.ts';

export { XLSX_TYPE };
export type { Receipt, ServerProblem };
export const DEFAULT_TIMEOUT_MS = 45_000;

/** What to do about a refusal: fix the settings, fix the file, or try later / use the folder. */
export type Fix = 'settings' | 'file' | 'later';

export type SubmitOutcome =
  | { kind: 'accepted'; receipt: Receipt; warnings: ServerProblem[] }
  /** The server already had these exact bytes; `receipt` is the original one. */
  | { kind: 'duplicate'; accepted: boolean; receipt: Receipt; errors: ServerProblem[]; warnings: ServerProblem[] }
  /** 422: the file arrived and was recorded but fails the checks. */
  | { kind: 'rejected'; receipt: Receipt; errors: ServerProblem[]; warnings: ServerProblem[] }
  /** The server refused the request (401, 403, 413, 415, 5xx …): nothing was stored. */
  | { kind: 'refused'; status: number; message: string; fix: Fix }
  /** The request never got an answer: offline, timeout, blocked, server down. */
  | { kind: 'unreachable'; message: string; timedOut: boolean };

export interface RequestOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** The pane's protocol ("https:" in Office): decides whether http:// addresses are allowed. */
  pageProtocol?: string;
}

/** The sentence sending the officer to the shared folder (with the configured path if any). */
export function folderRoute(folder: string): string {
  const where = folder.trim();
  return where
    ? `Hãy lưu tệp vào thư mục nộp báo cáo chung của Phòng Tài chính - Kế hoạch: ${where} (trong Excel: Tệp › Lưu bản sao, chọn thư mục này).`
    : 'Hãy lưu tệp vào thư mục nộp báo cáo chung của Phòng Tài chính - Kế hoạch (trong Excel: Tệp › Lưu bản sao). Đường dẫn thư mục do Phòng Tài chính - Kế hoạch cung cấp; có thể ghi lại trong mục “Cài đặt”.';
}

const FALLBACK: Record<number, string> = {
  400: 'Máy chủ không nhận được nội dung tệp. Hãy thử lại.',
  401: 'Mã truy cập không đúng hoặc đã bị thu hồi. Hãy kiểm tra mục “Cài đặt”.',
  403: 'Máy chủ từ chối tệp này với mã truy cập của đơn vị.',
  404: 'Địa chỉ nhận báo cáo không đúng (máy chủ báo không có trang này). Hãy kiểm tra mục “Cài đặt”.',
  413: 'Tệp quá lớn để gửi qua mạng.',
  415: 'Máy chủ chỉ nhận sổ làm việc Excel (.xlsx).',
};

function fixFor(status: number): Fix {
  if (status === 401 || status === 404 || status === 405) return 'settings';
  if (status === 400 || status === 403 || status === 413 || status === 415) return 'file';
  return 'later';
}

interface Answer { status: number; body: Record<string, unknown> | null }

type Sent = { ok: true; answer: Answer } | { ok: false; outcome: SubmitOutcome };

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

async function send(url: string, init: RequestInit, opts: RequestOptions): Promise<Sent> {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const res = await doFetch(url, { ...init, signal: controller.signal, credentials: 'omit', cache: 'no-store', redirect: 'error' });
    let body: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = await res.json();
      body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
    } catch {
      if (timedOut) throw new Error('timeout');
      body = null;
    }
    return { ok: true, answer: { status: res.status, body } };
  } catch {
    // The browser does not say why (offline, DNS, refused, CORS, certificate): it is all "no answer".
    const seconds = Math.max(1, Math.round(timeoutMs / 1000));
    const message = timedOut
      ? `Máy chủ nhận báo cáo (${hostOf(url)}) không trả lời sau ${seconds} giây; báo cáo có thể chưa được nhận. Gửi lại không sao: máy chủ nhận ra tệp đã nhận và không tính hai lần.`
      : `Không kết nối được tới máy chủ nhận báo cáo (${hostOf(url)}). Máy có thể đang mất mạng, máy chủ đang tắt, hoặc địa chỉ trong mục “Cài đặt” chưa đúng.`;
    return { ok: false, outcome: { kind: 'unreachable', message, timedOut } };
  } finally {
    clearTimeout(timer);
  }
}

const isReceipt = (r: unknown): r is Receipt => {
  const o = r as Partial<Receipt> | null;
  return Boolean(o && typeof o.id === 'number' && typeof o.receivedAt === 'string' && typeof o.sha256 === 'string');
};
const problems = (v: unknown): ServerProblem[] =>
  Array.isArray(v) ? v.filter((p): p is ServerProblem => Boolean(p) && typeof (p as ServerProblem).message === 'string') : [];

function refused(status: number, body: Record<string, unknown> | null): SubmitOutcome {
  // The worker answers {error: "<Vietnamese>"}; Fastify's own defaults ({statusCode, error: "Not Found"})
  // and proxies' pages are English or HTML, so those get our wording.
  const server = typeof body?.error === 'string' && body.statusCode === undefined ? body.error : undefined;
  const message = server ?? FALLBACK[status] ?? (status >= 500
    ? `Máy chủ nhận báo cáo gặp lỗi (mã HTTP ${status}); tệp chưa được nhận.`
    : `Máy chủ trả lời không như mong đợi (mã HTTP ${status}); tệp chưa được nhận.`);
  return { kind: 'refused', status, message, fix: fixFor(status) };
}

/** Maps the endpoint's answer (worker/http.ts) to an outcome. */
export function outcomeOf({ status, body }: Answer): SubmitOutcome {
  const receipt = body?.receipt;
  if ((status === 200 || status === 201 || status === 422) && isReceipt(receipt)) {
    const errors = problems(body?.errors);
    const warnings = problems(body?.warnings);
    if (body?.duplicate === true) return { kind: 'duplicate', accepted: body.accepted === true, receipt, errors, warnings };
    if (status === 422 || body?.accepted === false) return { kind: 'rejected', receipt, errors, warnings };
    return { kind: 'accepted', receipt, warnings };
  }
  if (status >= 200 && status < 300) return refused(status, { error: `Máy chủ trả lời không có biên nhận (mã HTTP ${status}); chưa chắc tệp đã được nhận. Hãy xem “Lịch sử nộp” hoặc hỏi Phòng Tài chính - Kế hoạch.` });
  return refused(status, body);
}

/** Sends the workbook to the intake endpoint. Never throws: every failure is an outcome. */
export async function postSubmission(settings: SubmitSettings, bytes: Uint8Array, fileName: string, opts: RequestOptions = {}): Promise<SubmitOutcome> {
  const endpoint = submissionsEndpoint(settings.intakeUrl, opts.pageProtocol);
  if (!endpoint.ok) return { kind: 'refused', status: 0, message: endpoint.error, fix: 'settings' };
  if (!settings.token.trim()) return { kind: 'refused', status: 0, message: 'Chưa có mã truy cập của đơn vị. Hãy nhập mã trong mục “Cài đặt”.', fix: 'settings' };
  const sent = await send(endpoint.url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${settings.token.trim()}`,
      'content-type': XLSX_TYPE,
      'x-file-name': encodeURIComponent(fileName),
    },
    body: bytes as Uint8Array<ArrayBuffer>,
  }, opts);
  return sent.ok ? outcomeOf(sent.answer) : sent.outcome;
}

export interface HistoryEntry extends Receipt { errors: ServerProblem[]; warnings: ServerProblem[] }
export interface History { unit: string; unitName: string; period: string; periodHeader: string; deadline: string; submissions: HistoryEntry[] }

export type HistoryResult = { ok: true; history: History } | { ok: false; message: string; fix: Fix };

/** The unit's submissions for the current period, newest first. */
export async function fetchHistory(settings: SubmitSettings, opts: RequestOptions = {}): Promise<HistoryResult> {
  const endpoint = submissionsEndpoint(settings.intakeUrl, opts.pageProtocol);
  if (!endpoint.ok) return { ok: false, message: endpoint.error, fix: 'settings' };
  const sent = await send(endpoint.url, { method: 'GET', headers: { authorization: `Bearer ${settings.token.trim()}` } }, opts);
  if (!sent.ok) return { ok: false, message: (sent.outcome as { message: string }).message, fix: 'later' };
  const { status, body } = sent.answer;
  if (status === 200 && body && Array.isArray(body.submissions)) {
    const submissions = (body.submissions as unknown[]).filter(isReceipt).map((s) => {
      const e = s as HistoryEntry;
      return { ...e, errors: problems(e.errors), warnings: problems(e.warnings) };
    });
    return { ok: true, history: { ...(body as unknown as History), submissions } };
  }
  const r = refused(status, body) as Extract<SubmitOutcome, { kind: 'refused' }>;
  return { ok: false, message: r.message, fix: r.fix };
}
