/**
 * Talks to the worker's intake endpoint (shared/intake.ts is the contract): POST the workbook's
 * bytes with the unit's access token, GET the unit's history with each submission's review state,
 * and POST a one-time enrolment code for that token. Every answer becomes a Vietnamese outcome the
 * pane can show as it is; anything that keeps the file from arriving (offline, timeout, blocked,
 * the receiving side down) ends in the folder route: save the file into the shared folder instead.
 */
import {
  CATALOGS_PATH,
  XLSX_MEDIA_TYPE as XLSX_TYPE,
  type EnrolRequest,
  type EnrolResponse,
  type HistoryEntry as ServerHistoryEntry,
  type HistoryResponse,
  type Receipt,
  type ServerProblem,
} from '../../shared/intake.ts';
import { cellAddressOf } from '../../shared/problem.ts';
import { REVIEW_LABEL, type ReviewComment, type ReviewState } from '../../shared/review.ts';
import type { Catalog } from '../../shared/catalog.ts';
import { enrolEndpoint, intakeBase, submissionsEndpoint, type SubmitSettings } from './settings.ts';

export { XLSX_TYPE };
export type { Receipt, ServerProblem };
export const DEFAULT_TIMEOUT_MS = 45_000;

/** What to do about a refusal: fix the settings, fix the file, or try later / use the folder. */
export type Fix = 'settings' | 'file' | 'later';

export type SubmitOutcome =
  | { kind: 'accepted'; receipt: Receipt; warnings: ServerProblem[] }
  /** The receiving side already had these exact bytes; `receipt` is the original one. */
  | { kind: 'duplicate'; accepted: boolean; receipt: Receipt; errors: ServerProblem[]; warnings: ServerProblem[] }
  /** 422: the file arrived and was recorded but fails the checks. */
  | { kind: 'rejected'; receipt: Receipt; errors: ServerProblem[]; warnings: ServerProblem[] }
  /** The request was refused (401, 403, 413, 415, 5xx …): nothing was stored. */
  | { kind: 'refused'; status: number; message: string; fix: Fix }
  /** The request never got an answer: offline, timeout, blocked, the receiving side down. */
  | { kind: 'unreachable'; message: string; timedOut: boolean }
  /** The officer pressed "Hủy" while the file was on its way: it may or may not have arrived. */
  | { kind: 'cancelled' };

export interface RequestOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** The pane's protocol ("https:" in Office): decides whether http:// addresses are allowed. */
  pageProtocol?: string;
  /** Aborts the request (the "Hủy" button). */
  signal?: AbortSignal;
}

/** The sentence sending the officer to the shared folder (with the configured path if any). */
export function folderRoute(folder: string): string {
  const where = folder.trim();
  return where
    ? `Hãy lưu tệp vào thư mục nộp báo cáo chung của Phòng Tài chính - Kế hoạch: ${where} (trong Excel: Tệp › Lưu bản sao, chọn thư mục này).`
    : 'Hãy lưu tệp vào thư mục nộp báo cáo chung của Phòng Tài chính - Kế hoạch (trong Excel: Tệp › Lưu bản sao). Đường dẫn thư mục do Phòng Tài chính - Kế hoạch cung cấp; có thể ghi lại trong mục “Cài đặt”.';
}

const FALLBACK: Record<number, string> = {
  400: 'Hệ thống không nhận được nội dung tệp. Hãy thử lại.',
  401: 'Mã truy cập không đúng hoặc đã bị thu hồi. Hãy đăng ký lại trong mục “Cài đặt” bằng mã đăng ký mới do Phòng Tài chính - Kế hoạch cấp.',
  403: 'Hệ thống từ chối tệp này với mã truy cập của đơn vị. Hãy nộp đúng biểu mẫu của đơn vị mình.',
  404: 'Địa chỉ nhận báo cáo không đúng (hệ thống báo không có trang này). Hãy kiểm tra mục “Cài đặt”.',
  413: 'Tệp quá lớn để nộp qua mạng. Hãy nộp đúng tệp biểu mẫu của đơn vị.',
  415: 'Hệ thống chỉ nhận sổ làm việc Excel (.xlsx).',
};

function fixFor(status: number): Fix {
  if (status === 401 || status === 404 || status === 405) return 'settings';
  if (status === 400 || status === 403 || status === 413 || status === 415) return 'file';
  return 'later';
}

interface Answer {
  status: number;
  body: Record<string, unknown> | null;
}

type Sent = { ok: true; answer: Answer } | { ok: false; cancelled: true } | { ok: false; cancelled: false; message: string; timedOut: boolean };

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
  const cancel = () => controller.abort();
  if (opts.signal?.aborted) return { ok: false, cancelled: true };
  opts.signal?.addEventListener('abort', cancel);
  try {
    const res = await doFetch(url, { ...init, signal: controller.signal, credentials: 'omit', cache: 'no-store', redirect: 'error' });
    let body: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = await res.json();
      body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
    } catch {
      if (controller.signal.aborted) throw new Error('aborted');
      body = null;
    }
    return { ok: true, answer: { status: res.status, body } };
  } catch {
    if (opts.signal?.aborted && !timedOut) return { ok: false, cancelled: true };
    // The browser does not say why (offline, DNS, refused, CORS, certificate): it is all "no answer".
    const seconds = Math.max(1, Math.round(timeoutMs / 1000));
    const message = timedOut
      ? `Hệ thống nhận báo cáo (${hostOf(url)}) không trả lời sau ${seconds} giây; báo cáo có thể chưa được nhận. Hãy xem “Lịch sử nộp” rồi nộp lại nếu cần: hệ thống nhận ra tệp đã nhận và không tính hai lần.`
      : `Không kết nối được tới hệ thống nhận báo cáo (${hostOf(url)}). Máy có thể đang mất mạng, hệ thống đang tắt, hoặc địa chỉ nhận báo cáo chưa đúng.`;
    return { ok: false, cancelled: false, message, timedOut };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', cancel);
  }
}

const isReceipt = (r: unknown): r is Receipt => {
  const o = r as Partial<Receipt> | null;
  return Boolean(o && typeof o.id === 'number' && typeof o.receivedAt === 'string' && typeof o.sha256 === 'string');
};
const problems = (v: unknown): ServerProblem[] =>
  Array.isArray(v) ? v.filter((p): p is ServerProblem => Boolean(p) && typeof (p as ServerProblem).message === 'string') : [];

/** The worker answers {error: "<Vietnamese>"}; Fastify's defaults ({statusCode, error: "Not Found"}) and proxies' pages do not. */
function serverMessage(body: Record<string, unknown> | null): string | undefined {
  return typeof body?.error === 'string' && body.statusCode === undefined ? body.error : undefined;
}

function refused(status: number, body: Record<string, unknown> | null): Extract<SubmitOutcome, { kind: 'refused' }> {
  const message =
    serverMessage(body) ??
    FALLBACK[status] ??
    (status >= 500
      ? `Hệ thống nhận báo cáo gặp lỗi (mã HTTP ${status}); tệp chưa được nhận. Hãy thử lại sau ít phút.`
      : `Hệ thống trả lời không như mong đợi (mã HTTP ${status}); tệp chưa được nhận.`);
  return { kind: 'refused', status, message, fix: fixFor(status) };
}

/** Maps the endpoint's answer (worker/http/intake.ts) to an outcome. */
export function outcomeOf({ status, body }: Answer): SubmitOutcome {
  const receipt = body?.receipt;
  if ((status === 200 || status === 201 || status === 422) && isReceipt(receipt)) {
    const errors = problems(body?.errors);
    const warnings = problems(body?.warnings);
    if (body?.duplicate === true) return { kind: 'duplicate', accepted: body.accepted === true, receipt, errors, warnings };
    if (status === 422 || body?.accepted === false) return { kind: 'rejected', receipt, errors, warnings };
    return { kind: 'accepted', receipt, warnings };
  }
  if (status >= 200 && status < 300)
    return refused(status, {
      error: `Hệ thống trả lời không có biên nhận (mã HTTP ${status}); chưa chắc tệp đã được nhận. Hãy xem “Lịch sử nộp” hoặc hỏi Phòng Tài chính - Kế hoạch.`,
    });
  return refused(status, body);
}

const NO_TOKEN = 'Chưa đăng ký nộp qua mạng: hãy nhập mã đăng ký của đơn vị trong mục “Cài đặt”.';

/** Sends the workbook to the intake endpoint. Never throws: every failure is an outcome. */
export async function postSubmission(settings: SubmitSettings, bytes: Uint8Array, fileName: string, opts: RequestOptions = {}): Promise<SubmitOutcome> {
  const endpoint = submissionsEndpoint(settings.intakeUrl, opts.pageProtocol);
  if (!endpoint.ok) return { kind: 'refused', status: 0, message: endpoint.error, fix: 'settings' };
  if (!settings.token.trim()) return { kind: 'refused', status: 0, message: NO_TOKEN, fix: 'settings' };
  const sent = await send(
    endpoint.url,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${settings.token.trim()}`,
        'content-type': XLSX_TYPE,
        'x-file-name': encodeURIComponent(fileName),
      },
      body: bytes as Uint8Array<ArrayBuffer>,
    },
    opts,
  );
  if (sent.ok) return outcomeOf(sent.answer);
  return sent.cancelled ? { kind: 'cancelled' } : { kind: 'unreachable', message: sent.message, timedOut: sent.timedOut };
}

/** A submission as the pane lists it; `review` is absent from an older worker's answer. */
export interface HistoryEntry extends Omit<ServerHistoryEntry, 'review' | 'reviewComments'> {
  review?: ReviewState;
  reviewComments: ReviewComment[];
}
export type History = HistoryResponse<HistoryEntry>;

export type HistoryResult = { ok: true; history: History } | { ok: false; message: string; fix: Fix };

const REVIEW_STATES = new Set(Object.keys(REVIEW_LABEL));

function comments(v: unknown): ReviewComment[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((c): c is ReviewComment => Boolean(c) && typeof (c as ReviewComment).text === 'string' && typeof (c as ReviewComment).indicator === 'string')
    .map((c) => ({ indicator: c.indicator, text: c.text, ...(typeof c.cell === 'string' && cellAddressOf(c.cell) ? { cell: cellAddressOf(c.cell) } : {}) }));
}

function historyEntry(raw: Receipt & Record<string, unknown>): HistoryEntry {
  const review = typeof raw.review === 'string' && REVIEW_STATES.has(raw.review) ? (raw.review as ReviewState) : undefined;
  return {
    ...raw,
    errors: problems(raw.errors),
    warnings: problems(raw.warnings),
    ...(review ? { review } : {}),
    ...(typeof raw.reviewNote === 'string' && raw.reviewNote.trim() ? { reviewNote: raw.reviewNote } : {}),
    reviewComments: comments(raw.reviewComments),
    ...(typeof raw.reviewedAt === 'string' ? { reviewedAt: raw.reviewedAt } : {}),
  };
}

/** The unit's submissions for the current period, newest first. */
export async function fetchHistory(settings: SubmitSettings, opts: RequestOptions = {}): Promise<HistoryResult> {
  const endpoint = submissionsEndpoint(settings.intakeUrl, opts.pageProtocol);
  if (!endpoint.ok) return { ok: false, message: endpoint.error, fix: 'settings' };
  const sent = await send(endpoint.url, { method: 'GET', headers: { authorization: `Bearer ${settings.token.trim()}` } }, opts);
  if (!sent.ok) return { ok: false, message: sent.cancelled ? 'Đã dừng tải lịch sử nộp.' : sent.message, fix: 'later' };
  const { status, body } = sent.answer;
  if (status === 200 && body && Array.isArray(body.submissions)) {
    const submissions = (body.submissions as unknown[]).filter(isReceipt).map((s) => historyEntry(s as Receipt & Record<string, unknown>));
    return { ok: true, history: { ...(body as unknown as History), submissions } };
  }
  const r = refused(status, body);
  return { ok: false, message: r.message, fix: r.fix };
}

export type EnrolResult = { ok: true; enrolment: EnrolResponse } | { ok: false; message: string; fix: Fix };

const ENROL_REFUSED = 'Mã đăng ký không đúng, đã được dùng hoặc đã hết hạn. Hãy kiểm tra lại hoặc xin mã mới từ Phòng Tài chính - Kế hoạch.';

/**
 * Exchanges the one-time enrolment code for the unit's access token (POST ENROL_PATH on the worker
 * at `address`). Never throws.
 */
export async function enrol(address: string, code: string, opts: RequestOptions = {}): Promise<EnrolResult> {
  const endpoint = enrolEndpoint(address, opts.pageProtocol);
  if (!endpoint.ok) return { ok: false, message: endpoint.error, fix: 'settings' };
  const trimmed = code.replace(/\s+/g, '');
  if (!trimmed) return { ok: false, message: 'Hãy nhập mã đăng ký do Phòng Tài chính - Kế hoạch cấp cho đơn vị.', fix: 'settings' };
  const request: EnrolRequest = { code: trimmed };
  const sent = await send(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) }, opts);
  if (!sent.ok) return { ok: false, message: sent.cancelled ? 'Đã dừng đăng ký.' : sent.message, fix: 'later' };
  const { status, body } = sent.answer;
  const r = body as Partial<EnrolResponse> | null;
  if (status >= 200 && status < 300 && typeof r?.token === 'string' && r.token && typeof r.unit === 'string') {
    return {
      ok: true,
      enrolment: {
        token: r.token,
        unit: r.unit,
        unitName: typeof r.unitName === 'string' ? r.unitName : r.unit,
        intakeUrl: typeof r.intakeUrl === 'string' ? r.intakeUrl : '',
      },
    };
  }
  if (status === 429) return { ok: false, message: serverMessage(body) ?? 'Đã nhập sai mã đăng ký nhiều lần. Hãy đợi ít phút rồi thử lại.', fix: 'later' };
  if (status === 404 && !serverMessage(body)) {
    return {
      ok: false,
      message:
        'Hệ thống nhận báo cáo ở địa chỉ này chưa nhận đăng ký bằng mã. Hãy hỏi Phòng Tài chính - Kế hoạch mã truy cập của đơn vị và nhập trong mục “Cài đặt”.',
      fix: 'settings',
    };
  }
  if (status === 400 || status === 401 || status === 403 || status === 404 || status === 409 || status === 410) {
    return { ok: false, message: serverMessage(body) ?? ENROL_REFUSED, fix: 'settings' };
  }
  const other = refused(status, body);
  return { ok: false, message: other.message, fix: other.fix };
}

export type CatalogsResult = { ok: true; catalogs: Catalog[]; period?: string } | { ok: false; message: string; fix: Fix };

/** A catalogue as the worker sends it (validated there): the fields the pane relies on are there. */
function isCatalog(c: unknown): c is Catalog {
  const o = c as Partial<Catalog> | null;
  return Boolean(
    o &&
    o.schema === 'phuluc-catalog/1' &&
    typeof o.id === 'string' &&
    typeof o.year === 'number' &&
    [o.indicators, o.units, o.periods, o.groups].every(Array.isArray) &&
    o.resolution &&
    o.appendix &&
    o.locality,
  );
}

/**
 * The catalogues the worker collects (GET CATALOGS_PATH with the unit's access token), to create a
 * template from. Never throws.
 */
export async function fetchCatalogs(settings: SubmitSettings, opts: RequestOptions = {}): Promise<CatalogsResult> {
  const base = intakeBase(settings.intakeUrl, opts.pageProtocol);
  if (!base.ok) return { ok: false, message: base.error, fix: 'settings' };
  if (!settings.token.trim()) return { ok: false, message: NO_TOKEN, fix: 'settings' };
  const sent = await send(`${base.url}${CATALOGS_PATH}`, { method: 'GET', headers: { authorization: `Bearer ${settings.token.trim()}` } }, opts);
  if (!sent.ok) return { ok: false, message: sent.cancelled ? 'Đã dừng tải danh mục chỉ tiêu.' : sent.message, fix: 'later' };
  const { status, body } = sent.answer;
  if (status === 200 && Array.isArray(body?.catalogs)) {
    const catalogs = (body.catalogs as unknown[]).filter(isCatalog);
    if (catalogs.length) return { ok: true, catalogs, ...(typeof body.period === 'string' ? { period: body.period } : {}) };
  }
  const r = refused(status, status === 200 ? { error: 'Hệ thống nhận báo cáo không trả về danh mục chỉ tiêu nào. Hãy báo Phòng Tài chính - Kế hoạch.' } : body);
  return { ok: false, message: r.message, fix: r.fix };
}
