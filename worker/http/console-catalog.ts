/**
 * The year's catalogue from the browser (issue 22, items 2–4): the stored catalogues and their
 * versions (who published each, when, which periods use it, how many files arrived under it); the
 * year's draft, proposed from the resolution's list (pasted, or uploaded as .txt, .docx, .xlsx)
 * with last year's catalogue and last year's figures read from this ledger, opened from a stored
 * version for a correction, or imported from the catalogue's workbook; saved and checked as
 * publishing checks it; published as a new version (never changed in place); a period moved to
 * another version by an explicit act; a version downloaded as a workbook. Every change is an
 * event of the audit. Reads: the planning office and the administrator (`officeRead`); changes:
 * the same, with the session's CSRF token (`act`). Types: shared/catalog-api.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Catalog } from '../../shared/catalog.ts';
import { findUnit, reportingUnits } from '../../shared/catalog.ts';
import type {
  CatalogRef,
  CatalogsResponse,
  CatalogView,
  CheckRequest,
  DraftEnvelope,
  DraftSummary,
  FromVersionRequest,
  MoveVersionRequest,
  PreviewRequest,
  PreviewResponse,
  ProposeRequest,
  PublishResult,
  RevisionRequest,
  SavedDraft,
  SaveDraftRequest,
  VersionContent,
} from '../../shared/catalog-api.ts';
import { describeTarget, draftCatalog, DRAFT_SCHEMA, DraftError, ROW_FIELDS, shapeProblems, type CatalogDraft } from '../../shared/catalog-draft.ts';
import { checkDraft, type DraftCheck } from '../../shared/catalog-draft-check.ts';
import { draftFromCatalog, openPoints } from '../../shared/catalog-draft-edit.ts';
import { finalizeDraft } from '../../shared/catalog-draft-finalize.ts';
import { proposeCatalog, ProposeError } from '../../shared/catalog-propose.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { appendixModel, templateModel, type SheetModel } from '../../shared/layout.ts';
import { PERIOD_ID } from '../../shared/period.ts';
import {
  dropDraft,
  listDrafts,
  ListFileError,
  loadDraft,
  placeInFile,
  readListFile,
  saveDraft,
  versionUses,
  type ListFile,
  type StoredDraft,
} from '../catalog-drafts.ts';
import { WorkbookError } from '../catalog-workbook/layout.ts';
import { catalogFromWorkbook } from '../catalog-workbook/read.ts';
import { catalogToWorkbook } from '../catalog-workbook/write.ts';
import { lastYearFromLedger } from '../consolidate/last-year.ts';
import type { CatalogVersion } from '../ledger/contract.ts';
import { ActionRefused } from '../review/actions.ts';
import { attachment, err, signedIn, type ConsoleContext, type ConsoleScopes } from './console-kit.ts';
import { ChangeHeaders, contract, FileReply, OkReply, PERIOD_FORMAT, refusals } from './schemas.ts';
import { vi } from './validation.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A draft or a file of the catalogue page: a province's catalogue of hundreds of rows fits. */
const DRAFT_BYTES = 4 * 1024 * 1024;
const FILE_BYTES = 4 * 1024 * 1024;

const SOURCE_LABEL: Record<string, string> = {
  console: 'Lập trên trang quản lý',
  config: 'Từ tệp cấu hình',
  embedded: 'Kèm theo chương trình',
  rebuild: 'Dựng lại từ kho lưu trữ',
};

// ---------------------------------------------------------------------------------------------
// Schemas

const UNKNOWN = vi('Nội dung yêu cầu có trường không dùng đến: {keys}. Hãy bỏ đi rồi thử lại.');
const shape = (what: string) => ({
  error: (iss: { code?: string }) => (iss.code === 'unrecognized_keys' ? UNKNOWN : vi(`Nội dung yêu cầu không đúng dạng: ${what}.`)),
});
const YEAR_MSG = vi('Năm kế hoạch không đúng (cần một năm từ 2000 đến 2100, ví dụ 2025).');
const Year = z.number({ error: YEAR_MSG }).int({ error: YEAR_MSG }).min(2000, { error: YEAR_MSG }).max(2100, { error: YEAR_MSG });
const YearText = z
  .string({ error: YEAR_MSG })
  .regex(/^\d{4}$/, { error: YEAR_MSG })
  .transform(Number)
  .pipe(Year);
const CATALOG_ID = vi('Mã danh mục không đúng dạng (chữ thường, số và dấu gạch ngang, ví dụ hong-linh-2024).');
const CatalogId = z.string({ error: CATALOG_ID }).regex(/^[a-z0-9-]{1,80}$/, { error: CATALOG_ID });
const VERSION_MSG = vi('Số phiên bản không đúng (cần một số nguyên dương).');
const Version = z.number({ error: VERSION_MSG }).int({ error: VERSION_MSG }).positive({ error: VERSION_MSG });
const VersionText = z
  .string({ error: VERSION_MSG })
  .regex(/^[1-9]\d{0,5}$/, { error: VERSION_MSG })
  .transform(Number);
const Revision = z
  .number({ error: vi('Thiếu số lần lưu của bản đề xuất (“revision”). Hãy tải lại trang.') })
  .int()
  .min(0);
const CatalogRefSchema = contract<CatalogRef>()(z.strictObject({ id: CatalogId, version: Version }, shape('cần mã danh mục và số phiên bản')));

/** A draft in a request: its shape is checked in the handler (shapeProblems), in the draft's own words. */
const DraftBody = z.custom<CatalogDraft>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
  error: vi('Nội dung yêu cầu không có bản đề xuất danh mục (“draft”).'),
});
/** A draft or a catalogue in an answer: built by the worker, passed as it is. */
const DraftOut = z.custom<CatalogDraft>((v) => typeof v === 'object' && v !== null);
const CatalogOut = z.custom<Catalog>((v) => typeof v === 'object' && v !== null);

const FILE_NAME = vi('Tên tệp gửi kèm không đọc được. Hãy đổi tên tệp chỉ gồm chữ, số và dấu gạch rồi tải lên lại.');
const decodable = (t: string) => {
  try {
    decodeURIComponent(t);
    return true;
  } catch {
    return false;
  }
};
const FileHeaders = ChangeHeaders.extend({
  'x-file-name': z.string({ error: FILE_NAME }).max(600, { error: FILE_NAME }).refine(decodable, { error: FILE_NAME }),
});
const RawBody = z.instanceof(Buffer, { error: vi('Chưa có nội dung tệp. Hãy chọn tệp rồi tải lên lại.') });

const CatalogParams = z.strictObject({ id: CatalogId, n: VersionText });
const YearParams = z.strictObject({ year: YearText });
const MovePeriodParams = z.strictObject({ id: z.string().regex(PERIOD_ID, { error: PERIOD_FORMAT }) });

const ProposeBody = contract<ProposeRequest>()(
  z.strictObject(
    {
      year: Year,
      previous: CatalogRefSchema.nullable(),
      text: z
        .string({ error: vi('Hãy dán danh sách chỉ tiêu của nghị quyết.') })
        .max(200_000, { error: vi('Danh sách chỉ tiêu quá dài. Hãy chỉ chép phần “các chỉ tiêu chủ yếu” của nghị quyết.') }),
      replace: z.boolean().optional(),
    },
    shape('cần năm kế hoạch, danh mục năm trước và danh sách chỉ tiêu'),
  ),
);
const ProposeFileQuery = z.strictObject({
  year: YearText,
  previous: CatalogId.optional(),
  version: VersionText.optional(),
  replace: z.enum(['0', '1']).optional(),
});
const ImportQuery = z.strictObject({ replace: z.enum(['0', '1']).optional() });
const FromVersionBody = contract<FromVersionRequest>()(
  z.strictObject({ id: CatalogId, version: Version, replace: z.boolean().optional() }, shape('cần mã danh mục và số phiên bản')),
);
const CheckBody = contract<CheckRequest>()(z.strictObject({ draft: DraftBody }, shape('cần bản đề xuất')));
const PreviewBody = contract<PreviewRequest>()(
  z.strictObject(
    {
      draft: DraftBody,
      period: z.string({ error: vi('Hãy chọn kỳ báo cáo.') }).regex(PERIOD_ID, { error: PERIOD_FORMAT }),
      unit: z
        .string({ error: vi('Hãy chọn đơn vị.') })
        .regex(/^[A-Z][A-Z0-9_]*$/, { error: vi('Mã đơn vị không đúng dạng.') })
        .nullable(),
    },
    shape('cần bản đề xuất, kỳ báo cáo và đơn vị'),
  ),
);
const PreviewReply = contract<PreviewResponse>()(
  z.strictObject({ model: z.custom<SheetModel>((v) => typeof v === 'object' && v !== null && Array.isArray((v as { cells?: unknown }).cells)) }),
);
const SaveBody = contract<SaveDraftRequest>()(z.strictObject({ draft: DraftBody, revision: Revision }, shape('cần bản đề xuất và số lần lưu')));
const RevisionBody = contract<RevisionRequest>()(z.strictObject({ revision: Revision }, shape('cần số lần lưu của bản đề xuất')));
const MoveBody = contract<MoveVersionRequest>()(z.strictObject({ version: Version }, shape('cần số phiên bản')));

const RowField = z.enum(ROW_FIELDS);
const CheckReply = contract<DraftCheck>()(
  z.strictObject({
    ok: z.boolean(),
    rows: z.array(z.strictObject({ row: z.number(), field: RowField.optional(), message: z.string() })),
    draft: z.array(z.string()),
    review: z.array(z.strictObject({ row: z.number().optional(), label: z.string(), reason: z.string() })),
  }),
);
const EnvelopeReply = contract<DraftEnvelope>()(
  z.strictObject({
    year: z.number(),
    draft: DraftOut,
    revision: z.number(),
    savedAt: z.string(),
    savedBy: z.string(),
    knownUnits: z.array(z.string()),
    check: CheckReply,
  }),
);
const SavedReply = contract<SavedDraft>()(z.strictObject({ revision: z.number(), savedAt: z.string(), savedBy: z.string(), check: CheckReply }));
const VersionPeriodSchema = z.strictObject({ id: z.string(), header: z.string(), open: z.boolean(), current: z.boolean(), files: z.number() });
const CatalogsReply = contract<CatalogsResponse>()(
  z.strictObject({
    catalogs: z.array(
      z.strictObject({
        id: z.string(),
        year: z.number(),
        locality: z.string(),
        versions: z.array(
          z.strictObject({
            version: z.number(),
            createdAt: z.string(),
            createdBy: z.string().nullable(),
            source: z.string(),
            indicators: z.number(),
            units: z.number(),
            groups: z.number(),
            periods: z.array(VersionPeriodSchema),
            files: z.number(),
          }),
        ),
        periods: z.array(
          z.strictObject({ id: z.string(), header: z.string(), deadline: z.string(), opened: z.boolean(), version: z.number().nullable(), open: z.boolean() }),
        ),
      }),
    ),
    drafts: z.array(
      z.strictObject({
        year: z.number(),
        id: z.string(),
        savedAt: z.string(),
        savedBy: z.string(),
        revision: z.number(),
        rows: z.number(),
        points: z.number(),
        form: z.string(),
        base: CatalogRefSchema.nullable(),
      }),
    ),
  }),
);
const VersionReply = contract<VersionContent>()(
  z.strictObject({ id: z.string(), version: z.number(), createdAt: z.string(), createdBy: z.string().nullable(), catalog: CatalogOut }),
);
const PublishReply = contract<PublishResult>()(
  z.strictObject({
    id: z.string(),
    year: z.number(),
    version: z.number(),
    added: z.boolean(),
    periods: z.array(z.strictObject({ id: z.string(), header: z.string(), version: z.number(), files: z.number() })),
  }),
);

// ---------------------------------------------------------------------------------------------

/** The refusals of an upload route, in the page's words (the rest goes to the console's handler). */
function uploadErrors(e: Error & { code?: string; statusCode?: number }, _req: FastifyRequest, reply: FastifyReply) {
  if (e instanceof ListFileError) return reply.code(e.status).send(err(e.message));
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return reply.code(413).send(err('Tệp quá lớn (tối đa 4 MB). Hãy chọn đúng tệp danh sách chỉ tiêu hoặc danh mục, không chèn ảnh hay dữ liệu khác.'));
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return reply.code(415).send(err('Hệ thống chỉ nhận tệp văn bản (.txt), tài liệu Word (.docx) hoặc bảng tính Excel (.xlsx). Hãy chọn lại tệp.'));
  }
  throw e;
}

export function registerCatalog(s: ConsoleScopes, ctx: ConsoleContext): void {
  const { service } = ctx;
  const { ledger } = service;
  const actor = (req: FastifyRequest) => signedIn(req).user.name;
  const fullNames = async () => new Map((await ledger.users()).map((u) => [u.name, u.fullName || u.name]));
  const describe = async () => {
    const names = await fullNames();
    return (d: StoredDraft) => `${names.get(d.savedBy) ?? d.savedBy} lưu lúc ${formatTimeVi(d.savedAt)}`;
  };

  // Raw bodies (a file) for the upload routes: console-kit.ts addRawBodies, added once to s.act by console.ts.

  const versionOf = async (ref: CatalogRef): Promise<CatalogVersion> => {
    const v = (await service.settings.catalogVersions(ref.id)).find((x) => x.version === ref.version);
    if (!v) throw new ActionRefused(`Không có phiên bản ${ref.version} của danh mục chỉ tiêu này. Hãy tải lại trang rồi chọn lại.`, 404);
    return v;
  };

  const envelope = async (year: number, stored: StoredDraft): Promise<DraftEnvelope> => {
    const names = await fullNames();
    const known = new Set((await service.settings.catalogVersions()).flatMap((v) => v.content.units.map((u) => u.code)));
    return {
      year,
      draft: stored.draft,
      revision: stored.revision,
      savedAt: stored.savedAt,
      savedBy: names.get(stored.savedBy) ?? stored.savedBy,
      knownUnits: [...known].sort(),
      check: checkDraft(stored.draft),
    };
  };

  /** Keeps a new draft for its year: refused while the year has one, unless the person chose to replace it. */
  const keepNew = async (req: FastifyRequest, draft: CatalogDraft, replace: boolean | undefined): Promise<StoredDraft> => {
    const year = draft.catalog.year;
    const existing = await loadDraft(ledger, year);
    if (existing && !replace) {
      throw new ActionRefused(
        `Đã có bản đề xuất danh mục năm ${year} (${(await describe())(existing)}). Hãy mở bản đó để làm tiếp, hoặc chọn thay bản đề xuất cũ bằng bản mới.`,
        409,
      );
    }
    return saveDraft(ledger, year, draft, 'replace', actor(req), service.clock(), await describe());
  };

  /** The draft proposed from a list's text, with last year's catalogue and last year's figures from this ledger. */
  const propose = async (text: string, year: number, previousRef: CatalogRef | null | undefined, file?: ListFile): Promise<CatalogDraft> => {
    await service.prepare();
    const previous = previousRef ? (await versionOf(previousRef)).content : undefined;
    const lastYear = previous ? await lastYearFromLedger(ledger, previous, service.clock()) : undefined;
    try {
      return proposeCatalog({ text, year, previous, lastYear });
    } catch (e) {
      if (e instanceof ProposeError) {
        const problems = file ? e.problems.map((p) => placeInFile(p, file)) : e.problems;
        throw new ActionRefused(`Không đọc được danh sách chỉ tiêu: ${problems.join(' ')}`, 400);
      }
      throw e;
    }
  };

  const proposed = async (req: FastifyRequest, draft: CatalogDraft, replace: boolean | undefined, fileName?: string): Promise<DraftEnvelope> => {
    const stored = await keepNew(req, draft, replace);
    await ctx.event(req, 'catalog_draft_proposed', {
      detail: { year: draft.catalog.year, rows: draft.rows.length, points: openPoints(draft), ...(fileName ? { fileName } : {}) },
    });
    return envelope(draft.catalog.year, stored);
  };

  // ---------------------------------------------------------------------------------------------
  // Reads

  s.officeRead.get('/catalogs', { schema: { response: { 200: CatalogsReply, ...refusals(401, 403) } } }, async (): Promise<CatalogsResponse> => {
    await service.prepare();
    await service.refresh();
    const versions = await service.settings.catalogVersions();
    const uses = await versionUses(ledger, versions);
    const names = await fullNames();
    const records = await ledger.periods();
    const byId = new Map<string, CatalogVersion[]>();
    for (const v of versions) byId.set(v.id, [...(byId.get(v.id) ?? []), v]);
    const catalogs: CatalogView[] = [...byId.entries()]
      .map(([id, list]) => {
        const newest = list.reduce((a, b) => (b.version > a.version ? b : a));
        return {
          id,
          year: newest.content.year,
          locality: newest.content.locality.name,
          versions: [...list]
            .sort((a, b) => b.version - a.version)
            .map((v) => {
              const used = uses.get(`${v.id}@${v.version}`) ?? [];
              return {
                version: v.version,
                createdAt: v.createdAt,
                createdBy: v.createdBy ? (names.get(v.createdBy) ?? v.createdBy) : null,
                source: SOURCE_LABEL[v.source] ?? v.source,
                indicators: v.content.indicators.length,
                units: v.content.units.length,
                groups: v.content.groups.length,
                periods: used.map((u) => ({
                  id: u.period.id,
                  header: v.content.periods.find((p) => p.id === u.period.id)?.header ?? u.period.id,
                  open: u.period.closedAt === null,
                  current: u.current,
                  files: u.files,
                })),
                files: used.reduce((n, u) => n + u.files, 0),
              };
            }),
          periods: newest.content.periods.map((p) => {
            const r = records.find((x) => x.id === p.id && x.catalogId === id);
            return {
              id: p.id,
              header: p.header,
              deadline: p.deadline,
              opened: Boolean(r),
              version: r?.catalogVersion ?? null,
              open: r ? r.closedAt === null : false,
            };
          }),
        };
      })
      .sort((a, b) => b.year - a.year || a.id.localeCompare(b.id));
    const drafts: DraftSummary[] = (await listDrafts(ledger))
      .map((d) => ({
        year: d.draft.catalog.year,
        id: d.draft.catalog.id,
        savedAt: d.savedAt,
        savedBy: names.get(d.savedBy) ?? d.savedBy,
        revision: d.revision,
        rows: d.draft.rows.filter((r) => !r.omit).length,
        points: openPoints(d.draft),
        form: d.draft.origin?.form ?? '',
        base: d.draft.origin?.base ?? null,
      }))
      .sort((a, b) => b.year - a.year);
    return { catalogs, drafts };
  });

  s.officeRead.get(
    '/catalogs/:id/versions/:n',
    { schema: { params: CatalogParams, response: { 200: VersionReply, ...refusals(400, 401, 403, 404) } } },
    async (req): Promise<VersionContent> => {
      await service.prepare();
      const v = await versionOf({ id: req.params.id, version: req.params.n });
      const names = await fullNames();
      return {
        id: v.id,
        version: v.version,
        createdAt: v.createdAt,
        createdBy: v.createdBy ? (names.get(v.createdBy) ?? v.createdBy) : null,
        catalog: v.content,
      };
    },
  );

  s.officeRead.get(
    '/catalogs/:id/versions/:n/file.xlsx',
    { schema: { params: CatalogParams, response: { 200: FileReply, ...refusals(400, 401, 403, 404) } } },
    async (req, reply) => {
      await service.prepare();
      const v = await versionOf({ id: req.params.id, version: req.params.n });
      const bytes = await catalogToWorkbook(v.content);
      await ctx.event(req, 'catalog_exported', { detail: { catalogId: v.id, version: v.version, year: v.content.year } });
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(`Danh mục chỉ tiêu năm ${v.content.year} - phiên bản ${v.version}.xlsx`))
        .send(Buffer.from(bytes));
    },
  );

  s.officeRead.get(
    '/catalog-drafts/:year',
    { schema: { params: YearParams, response: { 200: EnvelopeReply, ...refusals(400, 401, 403, 404) } } },
    async (req): Promise<DraftEnvelope> => {
      const stored = await loadDraft(ledger, req.params.year);
      if (!stored)
        throw new ActionRefused(`Chưa có bản đề xuất danh mục năm ${req.params.year} (có thể đã được công bố hoặc đã bỏ). Hãy lập bản đề xuất mới.`, 404);
      return envelope(req.params.year, stored);
    },
  );

  // ---------------------------------------------------------------------------------------------
  // A new draft

  s.act.post(
    '/catalog-drafts/propose',
    {
      schema: { headers: ChangeHeaders, body: ProposeBody, response: { 200: EnvelopeReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 2 * 1024 * 1024,
    },
    async (req): Promise<DraftEnvelope> => {
      const draft = await propose(req.body.text, req.body.year, req.body.previous);
      return proposed(req, draft, req.body.replace);
    },
  );

  s.act.post(
    '/catalog-drafts/propose-file',
    {
      schema: {
        headers: FileHeaders,
        querystring: ProposeFileQuery,
        body: RawBody,
        response: { 200: EnvelopeReply, ...refusals(400, 401, 403, 404, 409, 413, 415) },
      },
      bodyLimit: FILE_BYTES,
      errorHandler: uploadErrors,
    },
    async (req): Promise<DraftEnvelope> => {
      const fileName = decodeURIComponent(req.headers['x-file-name']);
      const q = req.query;
      if ((q.previous === undefined) !== (q.version === undefined))
        throw new ActionRefused('Hãy chọn danh mục năm trước cùng phiên bản của nó (hoặc không chọn danh mục năm trước).', 400);
      const file = readListFile(new Uint8Array(req.body), fileName);
      const draft = await propose(file.text, q.year, q.previous ? { id: q.previous, version: q.version! } : null, file);
      return proposed(req, draft, q.replace === '1', fileName);
    },
  );

  s.act.post(
    '/catalog-drafts/from-version',
    {
      schema: { headers: ChangeHeaders, body: FromVersionBody, response: { 200: EnvelopeReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 4096,
    },
    async (req): Promise<DraftEnvelope> => {
      await service.prepare();
      const v = await versionOf(req.body);
      const draft = draftFromCatalog(v.content, { form: 'version', base: { id: v.id, version: v.version } });
      const stored = await keepNew(req, draft, req.body.replace);
      await ctx.event(req, 'catalog_draft_opened', { detail: { catalogId: v.id, version: v.version, year: v.content.year } });
      return envelope(v.content.year, stored);
    },
  );

  s.act.post(
    '/catalog-drafts/import',
    {
      schema: { headers: FileHeaders, querystring: ImportQuery, body: RawBody, response: { 200: EnvelopeReply, ...refusals(400, 401, 403, 409, 413, 415) } },
      bodyLimit: FILE_BYTES,
      errorHandler: uploadErrors,
    },
    async (req): Promise<DraftEnvelope> => {
      await service.prepare();
      const fileName = decodeURIComponent(req.headers['x-file-name']);
      let catalog: Catalog;
      try {
        catalog = await catalogFromWorkbook(new Uint8Array(req.body), fileName);
      } catch (e) {
        if (e instanceof WorkbookError) throw new ActionRefused(`Không nhập được danh mục từ tệp “${fileName}”: ${e.problems.join(' ')}`, 400);
        throw e;
      }
      const newest = (await service.settings.catalogVersions(catalog.id)).at(-1);
      const draft = draftFromCatalog(
        catalog,
        { form: 'workbook', ...(newest ? { base: { id: newest.id, version: newest.version } } : {}) },
        `Nhập từ tệp Excel “${fileName}”.`,
      );
      const stored = await keepNew(req, draft, req.query.replace === '1');
      await ctx.event(req, 'catalog_draft_imported', { detail: { year: catalog.year, fileName, rows: catalog.indicators.length } });
      return envelope(catalog.year, stored);
    },
  );

  // ---------------------------------------------------------------------------------------------
  // The draft: checked, saved, discarded, published

  const shaped = (draft: CatalogDraft): CatalogDraft => {
    const problems = shapeProblems(draft);
    if (problems.length) throw new ActionRefused(`Bản đề xuất không đúng dạng: ${problems.join(' ')} Hãy tải lại trang.`, 400);
    return draft;
  };

  s.act.post(
    '/catalog-drafts/check',
    {
      schema: { headers: ChangeHeaders, body: CheckBody, response: { 200: CheckReply, ...refusals(400, 401, 403, 413) } },
      bodyLimit: DRAFT_BYTES,
    },
    async (req): Promise<DraftCheck> => checkDraft(shaped(req.body.draft)),
  );

  // A unit's template or the appendix of a period, as the draft stands (unsaved changes included), for the page to draw.
  s.act.post(
    '/catalog-drafts/preview',
    {
      schema: { headers: ChangeHeaders, body: PreviewBody, response: { 200: PreviewReply, ...refusals(400, 401, 403, 413) } },
      bodyLimit: DRAFT_BYTES,
    },
    async (req): Promise<PreviewResponse> => {
      const catalog = draftCatalog(shaped(req.body.draft));
      const period = catalog.periods.find((p) => p.id === req.body.period);
      if (!period) throw new ActionRefused('Bản đề xuất không có kỳ báo cáo này. Hãy chọn lại kỳ.', 400);
      const generatedAt = service.clock().toISOString();
      try {
        if (req.body.unit === null) return { model: appendixModel(catalog, period, { generatedAt, values: {}, draft: true }).model };
        const unit = findUnit(catalog, req.body.unit);
        if (!unit || !reportingUnits(catalog).includes(unit))
          throw new ActionRefused('Đơn vị này không phụ trách chỉ tiêu nào trong bản đề xuất nên không có biểu mẫu.', 400);
        return { model: templateModel(catalog, period, unit, { generatedAt, protectionPassword: service.cfg.protectionPassword }) };
      } catch (e) {
        if (e instanceof ActionRefused) throw e;
        throw new ActionRefused('Chưa xem trước được: bản đề xuất còn chỗ chưa đúng (xem các thông báo ở bảng chỉ tiêu). Hãy sửa rồi xem lại.', 400);
      }
    },
  );

  s.act.post(
    '/catalog-drafts/:year',
    {
      schema: { headers: ChangeHeaders, params: YearParams, body: SaveBody, response: { 200: SavedReply, ...refusals(400, 401, 403, 409, 413) } },
      bodyLimit: DRAFT_BYTES,
    },
    async (req): Promise<SavedDraft> => {
      const year = req.params.year;
      const draft = shaped(req.body.draft);
      if (draft.schema !== DRAFT_SCHEMA || draft.catalog.year !== year)
        throw new ActionRefused(`Bản đề xuất là của năm ${draft.catalog.year}, không phải năm ${year}. Hãy tải lại trang.`, 400);
      // Each row's target in words, as it stands now.
      const rows = draft.rows.map((r) => {
        try {
          return { ...r, reading: describeTarget(r.indicator) };
        } catch {
          return r;
        }
      });
      const stored = await saveDraft(ledger, year, { ...draft, rows }, req.body.revision, actor(req), service.clock(), await describe());
      await ctx.event(req, 'catalog_draft_saved', { detail: { year, revision: stored.revision, points: openPoints(stored.draft) } });
      const names = await fullNames();
      return { revision: stored.revision, savedAt: stored.savedAt, savedBy: names.get(stored.savedBy) ?? stored.savedBy, check: checkDraft(stored.draft) };
    },
  );

  s.act.post(
    '/catalog-drafts/:year/discard',
    {
      schema: { headers: ChangeHeaders, params: YearParams, body: RevisionBody, response: { 200: OkReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 4096,
    },
    async (req) => {
      if (!(await dropDraft(ledger, req.params.year, req.body.revision, await describe())))
        throw new ActionRefused(`Không có bản đề xuất danh mục năm ${req.params.year}.`, 404);
      await ctx.event(req, 'catalog_draft_discarded', { detail: { year: req.params.year } });
      return { ok: true as const };
    },
  );

  s.act.post(
    '/catalog-drafts/:year/publish',
    {
      schema: { headers: ChangeHeaders, params: YearParams, body: RevisionBody, response: { 200: PublishReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 4096,
    },
    async (req): Promise<PublishResult> => {
      await service.prepare();
      const year = req.params.year;
      const stored = await loadDraft(ledger, year);
      if (!stored) throw new ActionRefused(`Không có bản đề xuất danh mục năm ${year} (có thể vừa được công bố hoặc đã bỏ). Hãy tải lại trang.`, 404);
      if (stored.revision !== req.body.revision) {
        throw new ActionRefused(
          `Bản đề xuất năm ${year} vừa được ${(await describe())(stored)}, khác với bản đang mở. Hãy tải lại trang, xem lại rồi công bố.`,
          409,
        );
      }
      let catalog: Catalog;
      try {
        catalog = finalizeDraft(stored.draft, `bản đề xuất năm ${year}`);
      } catch (e) {
        if (e instanceof DraftError) throw new ActionRefused(`Chưa công bố được danh mục năm ${year}: ${e.problems.join(' ')}`, 409);
        throw e;
      }
      const r = await service.settings.addCatalog(catalog, 'console', actor(req));
      await dropDraft(ledger, year, 'any', await describe());
      await service.refresh();
      const versions = await service.settings.catalogVersions(catalog.id);
      const uses = await versionUses(ledger, versions);
      const periods = versions
        .filter((v) => v.version !== r.catalog.version)
        .flatMap((v) =>
          (uses.get(`${v.id}@${v.version}`) ?? [])
            .filter((u) => u.current && catalog.periods.some((p) => p.id === u.period.id))
            .map((u) => ({ id: u.period.id, header: catalog.periods.find((p) => p.id === u.period.id)!.header, version: v.version, files: u.files })),
        );
      return { id: catalog.id, year: catalog.year, version: r.catalog.version, added: r.added, periods };
    },
  );

  // A period moved to another version of its catalogue: an explicit act, recorded.
  s.act.post(
    '/periods/:id/catalog-version',
    {
      schema: { headers: ChangeHeaders, params: MovePeriodParams, body: MoveBody, response: { 200: OkReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 4096,
    },
    async (req) => {
      await ctx.periodOf(req.params.id);
      await service.settings.moveToVersion(req.params.id, req.body.version, actor(req));
      await service.refresh();
      service.requestConsolidation(req.params.id);
      return { ok: true as const };
    },
  );
}
