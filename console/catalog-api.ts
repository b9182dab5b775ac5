/**
 * The catalogue page's calls to the console's API (shared/catalog-api.ts), typed: JSON through the
 * console's own request helper (api.ts `call`), files (a list of targets, a catalogue workbook) as
 * the raw body with their name in X-File-Name, carrying a fresh CSRF token of the session.
 */
import type {
  CatalogRef,
  CatalogsResponse,
  DraftCheck,
  DraftEnvelope,
  PreviewRequest,
  PreviewResponse,
  ProposeRequest,
  PublishResult,
  SavedDraft,
  VersionContent,
} from '../shared/catalog-api.ts';
import { FILE_NAME_HEADER } from '../shared/catalog-api.ts';
import type { CatalogDraft } from '../shared/catalog-draft.ts';
import { CSRF_HEADER, type ConsoleSession, type OpenPeriodRequest } from '../shared/console-api.ts';
import { apiUrl, call, type ApiResult } from './api.ts';

export const listCatalogs = () => call<CatalogsResponse>('/catalogs');
export const versionContent = (id: string, version: number) => call<VersionContent>(`/catalogs/${encodeURIComponent(id)}/versions/${version}`);
export const versionFileUrl = (id: string, version: number) => apiUrl(`/catalogs/${encodeURIComponent(id)}/versions/${version}/file.xlsx`);
export const templatesZipUrl = (periodId: string) => apiUrl(`/templates.zip?period=${encodeURIComponent(periodId)}`);

export const loadDraft = (year: number) => call<DraftEnvelope>(`/catalog-drafts/${year}`);
export const proposeFromText = (req: ProposeRequest) => call<DraftEnvelope>('/catalog-drafts/propose', { method: 'POST', body: req });
export const draftFromVersion = (ref: CatalogRef, replace = false) =>
  call<DraftEnvelope>('/catalog-drafts/from-version', { method: 'POST', body: { ...ref, replace } });
export const checkDraft = (draft: CatalogDraft) => call<DraftCheck>('/catalog-drafts/check', { method: 'POST', body: { draft } });
export const previewDraft = (req: PreviewRequest) => call<PreviewResponse>('/catalog-drafts/preview', { method: 'POST', body: req });
export const saveDraft = (year: number, draft: CatalogDraft, revision: number) =>
  call<SavedDraft>(`/catalog-drafts/${year}`, { method: 'POST', body: { draft, revision } });
export const discardDraft = (year: number, revision: number) => call<{ ok: true }>(`/catalog-drafts/${year}/discard`, { method: 'POST', body: { revision } });
export const publishDraft = (year: number, revision: number) => call<PublishResult>(`/catalog-drafts/${year}/publish`, { method: 'POST', body: { revision } });
export const moveToVersion = (periodId: string, version: number) =>
  call<{ ok: true }>(`/periods/${periodId}/catalog-version`, { method: 'POST', body: { version } });
export const openPeriod = (req: OpenPeriodRequest) => call<{ ok: true }>('/periods', { method: 'POST', body: req });

/** Sends a chosen file as the request's body (a fresh CSRF token of the session with it). */
async function upload<T>(path: string, file: File): Promise<ApiResult<T>> {
  const session = await call<ConsoleSession>('/session');
  if (!session.ok) return session;
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      body: file,
      headers: {
        accept: 'application/json',
        [CSRF_HEADER]: session.data.csrfToken,
        [FILE_NAME_HEADER]: encodeURIComponent(file.name),
        'content-type': file.type || 'application/octet-stream',
      },
    });
  } catch {
    return { ok: false, status: 0, message: 'Không kết nối được với hệ thống. Hãy kiểm tra mạng nội bộ rồi thử lại.' };
  }
  const body = (await res.json().catch(() => undefined)) as (T & { error?: string }) | undefined;
  if (res.ok && body) return { ok: true, data: body };
  return { ok: false, status: res.status, message: body?.error ?? `Hệ thống trả lời lỗi (mã ${res.status}). Hãy thử lại.` };
}

export function proposeFromFile(file: File, year: number, previous: CatalogRef | null, replace: boolean): Promise<ApiResult<DraftEnvelope>> {
  const q = new URLSearchParams({
    year: String(year),
    ...(previous ? { previous: previous.id, version: String(previous.version) } : {}),
    ...(replace ? { replace: '1' } : {}),
  });
  return upload<DraftEnvelope>(`/catalog-drafts/propose-file?${q}`, file);
}

export function importWorkbook(file: File, replace: boolean): Promise<ApiResult<DraftEnvelope>> {
  return upload<DraftEnvelope>(`/catalog-drafts/import${replace ? '?replace=1' : ''}`, file);
}
