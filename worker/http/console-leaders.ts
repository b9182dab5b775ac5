/**
 * The leaders' part of the console (issue 23): the overview of a year (each indicator's figure
 * against its plan in every opened period, and the same period last year), one indicator across
 * periods and years with where each figure came from, and the report from the console — the Word
 * report and its PDF for a period's appendix, draft or final; the check of a draft report against
 * the figures, and the findings the office judges fine (“Bỏ qua”), recorded as events.
 *
 * Every figure is read off the appendix as built (buildAppendix: its results, statuses and
 * summary), never derived another way, so the charts and the printed Phụ lục 1 agree. Reads are for
 * any account (leaders too); the check and the dismissals are the planning office's (`act`).
 *
 * The routes are here; their schemas are in leaders-schemas.ts, and what their answers show, mapped
 * from the appendix as built and from the draft's check, in leaders-views.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyError } from 'fastify';
import { findUnit } from '../../shared/catalog.ts';
import { currentPeriod, type CollectedPeriod } from '../../shared/collection.ts';
import {
  MAX_DRAFT_BYTES,
  type Dismissal,
  type DismissResult,
  type FigureSource,
  type HistoryPoint,
  type IndicatorHistory,
  type OverviewIndicator,
  type OverviewResponse,
  type ReportCheckResponse,
  type ReportView,
} from '../../shared/leaders-api.ts';
import { appendixInput, buildAppendix } from '../consolidate/appendix.ts';
import { Mutex } from '../mutex.ts';
import { findSoffice, PdfError, type PdfOptions } from '../render/pdf.ts';
import { checkDraft, DocxReadError, readDraft, reportDocument } from '../report/index.ts';
import { ActionRefused } from '../review/actions.ts';
import { writeFileAtomic } from '../store.ts';
import { attachment, err, MSG, type ConsoleContext, type ConsoleScopes } from './console-kit.ts';
import { periodInfo } from './console-views.ts';
import {
  DismissBody,
  DismissReply,
  DraftBody,
  DraftHeaders,
  FINDING_KINDS,
  IndicatorHistoryReply,
  IndicatorParams,
  OverviewQuery,
  OverviewReply,
  ReportCheckReply,
  ReportViewReply,
} from './leaders-schemas.ts';
import { chronological, column, figurePoint, finding, findingKey, kindOf, reading, yearOf } from './leaders-views.ts';
import { ChangeHeaders, FileReply, PeriodQuery, refusals } from './schemas.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The events of the report's check (worker/audit.ts writes them as sentences). */
export const REPORT_EVENTS = {
  checked: 'report_checked',
  dismissed: 'report_finding_dismissed',
  restored: 'report_finding_restored',
} as const;

/**
 * Where LibreOffice is: PHULUC_SOFFICE names the program (a path that does not exist stands for a
 * machine without LibreOffice), else it is looked for as for the appendix's PDF.
 */
function pdfOptions(): PdfOptions {
  const soffice = process.env.PHULUC_SOFFICE;
  return soffice ? { soffice } : {};
}

const LIBREOFFICE_MISSING =
  'Máy chạy hệ thống chưa cài LibreOffice nên chưa tạo được bản PDF của báo cáo. Hãy tải tài liệu Word (.docx) rồi lưu thành PDF từ Word, hoặc nhờ bộ phận kỹ thuật cài LibreOffice.';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

// Held from a report PDF's cache check to its write, so two requests for one version convert it once.
const pdfLock = new Mutex();

export function registerLeaders(s: ConsoleScopes, ctx: ConsoleContext): void {
  const { service, periodOf } = ctx;
  const { ledger, cfg } = service;

  const build = (entry: CollectedPeriod) => buildAppendix(appendixInput(entry, cfg, ledger, service.clock()));
  const fullNames = async () => new Map((await ledger.users()).map((u) => [u.name, u.fullName || u.name]));

  /** Every opened period, oldest first (after loading what another process may have changed). */
  const opened = async (): Promise<CollectedPeriod[]> => {
    await service.prepare();
    return [...(await service.refresh()).periods].sort(chronological);
  };

  // ---------------------------------------------------------------------------------------------
  // The overview of a year

  s.read.get(
    '/overview',
    { schema: { querystring: OverviewQuery, response: { 200: OverviewReply, ...refusals(400, 401, 403, 404) } } },
    async (req): Promise<OverviewResponse> => {
      const all = await opened();
      if (!all.length) throw new ActionRefused(MSG.noPeriod, 404);
      const asked = req.query.period ? all.find((e) => e.period.id === req.query.period) : undefined;
      if (req.query.period && !asked) throw new ActionRefused(MSG.noPeriod, 404);
      const current = currentPeriod({ periods: all });
      const year = req.query.year ?? (asked ? yearOf(asked) : current ? yearOf(current) : yearOf(all[all.length - 1]));
      const ofYear = all.filter((e) => yearOf(e) === year);
      if (!ofYear.length) throw new ActionRefused(`Chưa mở kỳ báo cáo nào của năm ${year}. Hãy chọn một năm khác.`, 404);
      if (asked && yearOf(asked) !== year) throw new ActionRefused(`Kỳ “${asked.period.header}” không thuộc năm ${year}.`, 404);
      const chosen = asked ?? (current && ofYear.includes(current) ? current : ofYear[ofYear.length - 1]);
      const before = all.find((e) => e.period.id === `${year - 1}-${kindOf(chosen)}`);
      const entries = [...(before ? [before] : []), ...ofYear];
      const builds = await Promise.all(entries.map(build));
      const columns = entries.map((e, i) => column(e, builds[i], e === before));
      const main = builds[entries.indexOf(chosen)];
      const { summary } = main.content;
      const indicators: OverviewIndicator[] = chosen.catalog.indicators.map((ind) => ({
        code: ind.code,
        stt: ind.stt,
        name: ind.name,
        unit: ind.unit,
        owner: findUnit(chosen.catalog, ind.owner)?.name ?? '',
        points: entries.map((e, i) => {
          const r = builds[i].content.results.find((x) => x.indicator.code === ind.code);
          return r ? figurePoint(e, r) : null;
        }),
      }));
      return {
        year,
        years: [...new Set(all.map(yearOf))].sort((a, b) => b - a),
        columns,
        chosen: chosen.period.id,
        summary: {
          period: chosen.period.id,
          header: chosen.period.header,
          final: main.final,
          sentence: summary.sentence,
          metDetail: summary.metDetail,
          unmetDetail: summary.unmetDetail,
          notAssessedDetail: summary.notAssessedDetail,
          progressDetail: summary.progressDetail,
          counts: { ...summary.counts },
          total: summary.total,
        },
        indicators,
      };
    },
  );

  // ---------------------------------------------------------------------------------------------
  // One indicator across periods and years, with its sources

  s.read.get(
    '/indicators/:code/history',
    {
      schema: { params: IndicatorParams, response: { 200: IndicatorHistoryReply, ...refusals(400, 401, 403, 404) } },
    },
    async (req, reply) => {
      const { code } = req.params;
      const entries = (await opened()).filter((e) => e.catalog.indicators.some((i) => i.code === code));
      if (!entries.length)
        return reply.code(404).send(err('Không có chỉ tiêu này trong danh mục của các kỳ báo cáo đã mở. Hãy mở chỉ tiêu từ trang tổng quan.'));
      const names = await fullNames();
      const points: HistoryPoint[] = [];
      for (const e of entries) {
        const built = await build(e);
        const r = built.content.results.find((x) => x.indicator.code === code)!;
        const sources: FigureSource[] = built.statuses
          .filter((st) => st.state === 'accepted' && st.record?.rows && code in st.record.rows)
          .map((st) => {
            const rec = st.record!;
            const approved = st.review === 'approved' && st.reviewedBy;
            return {
              unit: st.name,
              fileName: rec.fileName,
              receivedAt: rec.receivedAt,
              submissionId: rec.id,
              ...(st.review ? { state: st.review } : {}),
              ...(approved ? { approvedBy: names.get(st.reviewedBy!) ?? st.reviewedBy!, ...(st.reviewedAt ? { approvedAt: st.reviewedAt } : {}) } : {}),
            };
          });
        points.push({ column: column(e, built), name: r.indicator.name, unit: r.indicator.unit, point: figurePoint(e, r), sources });
      }
      const latest = entries[entries.length - 1];
      const ind = latest.catalog.indicators.find((i) => i.code === code)!;
      const history: IndicatorHistory = {
        code,
        stt: ind.stt,
        name: ind.name,
        unit: ind.unit,
        owner: findUnit(latest.catalog, ind.owner)?.name ?? '',
        points,
      };
      return reply.send(history);
    },
  );

  // ---------------------------------------------------------------------------------------------
  // The report: the Word document and its PDF

  /** The findings dismissed for a period (the latest word on each), newest first. */
  const dismissalsOf = async (periodId: string): Promise<Map<string, Dismissal>> => {
    const names = await fullNames();
    const events = [
      ...(await ledger.events({ period: periodId, kind: REPORT_EVENTS.dismissed, limit: 5000 })),
      ...(await ledger.events({ period: periodId, kind: REPORT_EVENTS.restored, limit: 5000 })),
    ].sort((a, b) => a.id - b.id);
    const out = new Map<string, Dismissal>();
    for (const e of events) {
      const key = str(e.detail.key);
      if (e.kind === REPORT_EVENTS.restored) {
        out.delete(key);
        continue;
      }
      out.delete(key);
      const appendix = str(e.detail.appendix);
      const indicator = str(e.detail.indicator);
      const kind = FINDING_KINDS.find((k) => k === e.detail.kind) ?? 'figure';
      out.set(key, {
        key,
        kind,
        ...(indicator ? { indicator } : {}),
        figure: str(e.detail.figure),
        said: str(e.detail.said),
        ...(appendix ? { appendix } : {}),
        by: e.actor ? (names.get(e.actor) ?? e.actor) : 'Hệ thống',
        at: e.at,
        reason: str(e.detail.reason),
      });
    }
    return new Map([...out].reverse());
  };

  s.read.get(
    '/report',
    { schema: { querystring: PeriodQuery, response: { 200: ReportViewReply, ...refusals(400, 401, 403, 404) } } },
    async (req): Promise<ReportView> => {
      const entry = await periodOf(req.query.period);
      const built = await build(entry);
      return {
        period: periodInfo(entry.period, service.clock()),
        final: built.final,
        pdf: findSoffice(pdfOptions()) !== undefined,
        summary: built.content.summary.sentence,
        dismissals: [...(await dismissalsOf(entry.period.id)).values()],
      };
    },
  );

  /** What the report is made from: the appendix as built, and when its figures were consolidated. */
  const reportInput = async (entry: CollectedPeriod) => {
    const built = await build(entry);
    const last = await ledger.lastAppendix(entry.period.id);
    const generatedAt = last && last.contentHash === built.contentHash ? last.createdAt : service.clock().toISOString();
    return { built, input: { catalog: entry.catalog, period: entry.period, content: built.content, generatedAt, draft: !built.final } };
  };
  const reportName = (entry: CollectedPeriod, ext: 'docx' | 'pdf') => `bao-cao-phu-luc-1-${entry.period.id}.${ext}`;

  s.read.get(
    '/report/file.docx',
    { schema: { querystring: PeriodQuery, response: { 200: FileReply, ...refusals(400, 401, 403, 404) } } },
    async (req, reply) => {
      const entry = await periodOf(req.query.period);
      const { input } = await reportInput(entry);
      const made = await reportDocument(input, 'docx');
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', attachment(reportName(entry, 'docx')))
        .send(Buffer.from(made.bytes));
    },
  );

  s.read.get(
    '/report/file.pdf',
    { schema: { querystring: PeriodQuery, response: { 200: FileReply, ...refusals(400, 401, 403, 404, 503) } } },
    async (req, reply) => {
      const entry = await periodOf(req.query.period);
      const opts = pdfOptions();
      if (!findSoffice(opts)) return reply.code(503).send(err(LIBREOFFICE_MISSING));
      const { built, input } = await reportInput(entry);
      const cacheDir = path.join(cfg.paths.out, 'pdf');
      let made: { bytes: Uint8Array; warnings: string[] };
      try {
        // Each content version is converted once (LibreOffice takes seconds) and kept with its warnings.
        made = await pdfLock.run(async () => {
          const file = path.join(cacheDir, `bao-cao-${built.contentHash}.pdf`);
          const notes = `${file}.json`;
          if (existsSync(file) && existsSync(notes))
            return { bytes: new Uint8Array(readFileSync(file)), warnings: JSON.parse(readFileSync(notes, 'utf8')) as string[] };
          const doc = await reportDocument(input, 'pdf', opts);
          writeFileAtomic(file, doc.bytes);
          writeFileAtomic(notes, new TextEncoder().encode(JSON.stringify(doc.warnings)));
          return { bytes: doc.bytes, warnings: doc.warnings };
        });
      } catch (e) {
        if (e instanceof PdfError) return reply.code(503).send(err(e.message));
        throw e;
      }
      if (made.warnings.length) reply.header('x-report-warnings', encodeURIComponent(made.warnings.join('\n')));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachment(reportName(entry, 'pdf')))
        .send(Buffer.from(made.bytes));
    },
  );

  // ---------------------------------------------------------------------------------------------
  // The check of a draft report, and the findings judged fine

  // The draft comes as its bare bytes (application/octet-stream: what they are is read from them,
  // not from a content type), up to MAX_DRAFT_BYTES (the parser: console-kit.ts addRawBodies).
  s.act.post(
    '/report/check',
    {
      schema: {
        headers: DraftHeaders,
        querystring: PeriodQuery,
        body: DraftBody,
        response: { 200: ReportCheckReply, ...refusals(400, 401, 403, 404, 413, 415) },
      },
      bodyLimit: MAX_DRAFT_BYTES,
      // Its own word for a draft too large; anything else goes to the console's handler.
      errorHandler: (e: FastifyError, _req, reply) => {
        if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          return reply
            .code(413)
            .send(
              err(
                `Tệp dự thảo quá lớn (tối đa ${MAX_DRAFT_BYTES / 1048576} MB). Hãy bỏ bớt hình ảnh trong dự thảo, hoặc lưu dự thảo dưới dạng văn bản (.txt) rồi đối chiếu lại.`,
              ),
            );
        }
        throw e;
      },
    },
    async (req, reply) => {
      const entry = await periodOf(req.query.period);
      const header = req.headers['x-file-name'];
      const fileName = (typeof header === 'string' && header ? decodeURIComponent(header) : 'du-thao.docx').replace(/[\\/]/g, '_').slice(0, 200);
      const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
      if (ext && ext !== 'docx' && ext !== 'txt') {
        return reply
          .code(415)
          .send(
            err(
              `Tệp “${fileName}” không phải dự thảo báo cáo dạng Word (.docx) hay văn bản (.txt). Hãy lưu dự thảo dưới dạng “Word Document (.docx)” rồi chọn lại.`,
            ),
          );
      }
      const body = req.body;
      if (!body || body.length === 0) return reply.code(400).send(err('Chưa có nội dung tệp dự thảo. Hãy chọn tệp dự thảo báo cáo rồi đối chiếu lại.'));
      let draft;
      try {
        draft = readDraft(new Uint8Array(body.buffer, body.byteOffset, body.length));
      } catch (e) {
        if (e instanceof DocxReadError) return reply.code(415).send(err(e.message));
        throw e;
      }
      const built = await build(entry);
      const { findings, readings } = checkDraft(draft, entry.catalog, built.content, { period: entry.period });
      const dismissed = await dismissalsOf(entry.period.id);
      const out = findings.map((f) => finding(f, dismissed));
      const read = readings.map(reading);
      const checked = read.filter((r) => r.status === 'checked');
      const counts = {
        findings: out.length,
        dismissed: out.filter((f) => f.dismissed).length,
        checked: checked.length,
        agreeing: checked.filter((r) => r.agrees).length,
        unreadable: read.length - checked.length,
      };
      await ctx.event(req, REPORT_EVENTS.checked, { period: entry.period.id, detail: { fileName, findings: counts.findings, dismissed: counts.dismissed } });
      const answer: ReportCheckResponse = {
        period: periodInfo(entry.period, service.clock()),
        fileName,
        checkedAt: service.clock().toISOString(),
        findings: out,
        readings: read,
        counts,
      };
      return reply.send(answer);
    },
  );

  s.act.post(
    '/report/dismissals',
    {
      schema: { headers: ChangeHeaders, body: DismissBody, response: { 200: DismissReply, ...refusals(400, 401, 403, 404, 409, 413) } },
      bodyLimit: 64 * 1024,
    },
    async (req): Promise<DismissResult> => {
      const entry = await periodOf(req.body.period);
      const { finding: f, reason } = req.body;
      const key = findingKey(f);
      const before = await dismissalsOf(entry.period.id);
      if (reason === null) {
        if (!before.has(key)) throw new ActionRefused('Chỗ lệch này chưa được bỏ qua. Hãy tải lại trang để xem tình trạng mới nhất.', 409);
        await ctx.event(req, REPORT_EVENTS.restored, { period: entry.period.id, detail: { key, figure: f.figure, said: f.said } });
      } else {
        await ctx.event(req, REPORT_EVENTS.dismissed, {
          period: entry.period.id,
          detail: {
            key,
            kind: f.kind,
            indicator: f.indicator ?? null,
            figure: f.figure,
            said: f.said,
            ...(f.appendix ? { appendix: f.appendix } : {}),
            reason,
          },
        });
      }
      return { dismissals: [...(await dismissalsOf(entry.period.id)).values()] };
    },
  );
}
