/**
 * The leaders' pages' calls: the overview, an indicator's history, the report page, through the
 * console's request helper (api.ts); and the two it cannot make, which carry bytes: a download
 * read as a file (so the page knows when the PDF is ready) and the draft sent as its bare bytes.
 */
import { CSRF_HEADER, type ConsoleSession } from '../shared/console-api.ts';
import type { DismissRequest, DismissResult, IndicatorHistory, OverviewResponse, ReportCheckResponse, ReportView } from '../shared/leaders-api.ts';
import { DRAFT_NAME_HEADER, MAX_DRAFT_BYTES } from '../shared/leaders-api.ts';
import { apiUrl, call, type ApiResult } from './api.ts';

const OFFLINE = 'Không kết nối được với hệ thống. Hãy kiểm tra mạng nội bộ hoặc hỏi bộ phận kỹ thuật xem hệ thống có đang chạy không.';

function query(q: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const fetchOverview = (q: { year?: number; period?: string }) => call<OverviewResponse>(`/overview${query(q)}`);
export const fetchHistory = (code: string) => call<IndicatorHistory>(`/indicators/${encodeURIComponent(code)}/history`);
export const fetchReport = (period?: string) => call<ReportView>(`/report${query({ period })}`);
export const dismissFinding = (body: DismissRequest) => call<DismissResult>('/report/dismissals', { method: 'POST', body });

/** The refusal's Vietnamese sentence. */
async function refusal(res: Response): Promise<{ ok: false; status: number; message: string }> {
  let message: string | undefined;
  try {
    message = ((await res.json()) as { error?: string }).error;
  } catch {
    message = undefined;
  }
  return { ok: false, status: res.status, message: message ?? `Hệ thống trả lời lỗi (mã ${res.status}). Hãy thử lại.` };
}

/** The file name of a download (Content-Disposition's UTF-8 name, else its plain one). */
function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1];
  if (utf8) {
    try {
      return decodeURIComponent(utf8);
    } catch {
      // the plain name below
    }
  }
  return /filename="([^"]+)"/i.exec(cd)?.[1] ?? fallback;
}

export interface Downloaded {
  fileName: string;
  bytes: number;
  warnings: string[];
}

/** Downloads `path` and hands it to the browser as a file; resolves once it is saved (or refused). */
export async function downloadFile(path: string, fallback: string): Promise<ApiResult<Downloaded>> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    return { ok: false, status: 0, message: OFFLINE };
  }
  if (!res.ok) return refusal(res);
  const blob = await res.blob();
  const fileName = fileNameOf(res, fallback);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  const warned = res.headers.get('x-report-warnings');
  return { ok: true, data: { fileName, bytes: blob.size, warnings: warned ? decodeURIComponent(warned).split('\n') : [] } };
}

/** Sends a draft report (.docx or .txt) to be checked against the period's figures. */
export async function checkDraft(file: File, period?: string): Promise<ApiResult<ReportCheckResponse>> {
  if (file.size > MAX_DRAFT_BYTES) {
    return {
      ok: false,
      status: 413,
      message: `Tệp dự thảo quá lớn (tối đa ${MAX_DRAFT_BYTES / 1048576} MB). Hãy bỏ bớt hình ảnh trong dự thảo, hoặc lưu dự thảo dưới dạng văn bản (.txt) rồi đối chiếu lại.`,
    };
  }
  // The session's CSRF token, fresh (it is bound to the session, as the one the console keeps).
  const s = await call<ConsoleSession>('/session');
  if (!s.ok) return s;
  let res: Response;
  try {
    res = await fetch(apiUrl(`/report/check${query({ period })}`), {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      body: file,
      headers: {
        accept: 'application/json',
        'content-type': 'application/octet-stream',
        [CSRF_HEADER]: s.data.csrfToken,
        [DRAFT_NAME_HEADER]: encodeURIComponent(file.name),
      },
    });
  } catch {
    return { ok: false, status: 0, message: OFFLINE };
  }
  if (!res.ok) return refusal(res);
  return { ok: true, data: (await res.json()) as ReportCheckResponse };
}
