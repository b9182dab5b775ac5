/**
 * The planning office's actions on a submission — approve, return (a note and comments on
 * indicators), reopen — checked against the state derived at that moment, appended to the ledger
 * (a place that two reviewers, even in two processes, can never both take), then to the journal
 * beside the archive, and answered on the folder route with a reply file.
 */
import { indicatorsOf } from '../../shared/catalog.ts';
import { findCollected, type Collection } from '../../shared/collection.ts';
import { MAX_COMMENTS, MAX_NOTE, nextState, REVIEW_LABEL, type ReviewAction, type ReviewComment } from '../../shared/review.ts';
import { UserError } from '../errors.ts';
import type { Ledger, ReviewRecord, SubmissionRecord } from '../ledger/contract.ts';
import { figureCell, periodReview } from './index.ts';
import { appendJournal } from './journal.ts';
import { writeReply } from './reply.ts';
import type { UnitReview } from './state.ts';

export interface ReviewContext {
  ledger: Ledger;
  /** What is collected: the action's period is the submission's (open or closed). */
  collection: Collection;
  /** The journal file (archive/journal.jsonl). */
  journal: string;
  /** Where the inbox keeps the files it took: the reply files go beside them. */
  processedDir: string;
  now: () => Date;
}

/** An action that cannot be taken (HTTP 409 / 400 / 404), with a message for the officer. */
export class ActionRefused extends UserError {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
  ) {
    super(message);
    this.name = 'ActionRefused';
  }
}

export interface ActionRequest {
  submissionId: number;
  action: ReviewAction;
  actor: string;
  note?: string | null;
  comments?: { indicator: string; text: string }[];
}

export interface ActionOutcome {
  record: ReviewRecord;
  submission: SubmissionRecord;
  review: UnitReview;
  /** The reply file written beside the department's file (folder route), if any. */
  reply?: string;
}

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\r\n?/g, '\n').trim();
}

function refusedFrom(state: string | undefined, action: ReviewAction): string {
  if (state === 'superseded') return 'Đơn vị đã nộp bản mới hơn; hãy mở bản nộp mới nhất của đơn vị.';
  if (state === 'held') return 'Bản nộp này đến sau khi báo cáo của đơn vị đã được duyệt; hãy mở lại bản đã duyệt trước.';
  if (state === 'rejected') return 'Tệp này không hợp lệ nên không duyệt hay trả lại được.';
  const label = state ? REVIEW_LABEL[state as keyof typeof REVIEW_LABEL].toLowerCase() : 'không rõ';
  if (action === 'reopen') return `Chỉ mở lại được bản đã duyệt hoặc bị trả lại; bản này đang ở trạng thái “${label}”.`;
  return `Chỉ duyệt hoặc trả lại được bản đang chờ duyệt; bản này đang ở trạng thái “${label}”.`;
}

/** Checks, records and journals one action. Throws ActionRefused when it cannot be taken now. */
export async function applyAction(ctx: ReviewContext, req: ActionRequest): Promise<ActionOutcome> {
  const rec = await ctx.ledger.byId(req.submissionId);
  const entry = findCollected(ctx.collection, rec?.period);
  if (!rec || !rec.unit || !entry) throw new ActionRefused('Không tìm thấy bản nộp này trong các kỳ báo cáo đã mở.', 404);
  const { catalog, period } = entry;
  const unit = rec.unit;
  const note = clean(req.note);
  if (note.length > MAX_NOTE) throw new ActionRefused(`Ghi chú dài quá ${MAX_NOTE} ký tự; hãy viết ngắn lại.`, 400);
  const comments: ReviewComment[] = [];
  if (req.comments?.length) {
    if (req.action !== 'return') throw new ActionRefused('Ý kiến từng chỉ tiêu chỉ gửi kèm khi trả lại.', 400);
    if (req.comments.length > MAX_COMMENTS) throw new ActionRefused(`Nhiều nhất ${MAX_COMMENTS} ý kiến mỗi lần trả lại.`, 400);
    const own = new Set(indicatorsOf(catalog, unit).map((i) => i.code));
    for (const c of req.comments) {
      const text = clean(c.text);
      if (!text) continue;
      if (!own.has(c.indicator)) throw new ActionRefused('Ý kiến gửi cho một chỉ tiêu không thuộc đơn vị này.', 400);
      if (text.length > MAX_NOTE) throw new ActionRefused(`Ý kiến dài quá ${MAX_NOTE} ký tự; hãy viết ngắn lại.`, 400);
      const cell = figureCell(catalog, period, unit, c.indicator);
      comments.push({ indicator: c.indicator, ...(cell ? { cell } : {}), text });
    }
  }
  if (req.action === 'return' && !note && comments.length === 0) {
    throw new ActionRefused('Khi trả lại, hãy ghi lý do (ghi chú chung hoặc ý kiến cho ít nhất một chỉ tiêu) để đơn vị biết cần sửa gì.', 400);
  }

  const review = (await periodReview(ctx.ledger, period.id)).get(unit)!;
  const from = review.states.get(rec.id)?.state;
  if (!from || !nextState(from, req.action)) throw new ActionRefused(refusedFrom(from, req.action), 409);
  const actions = await ctx.ledger.reviews(period.id);
  const seq = actions.filter((a) => a.unit === unit).reduce((m, a) => Math.max(m, a.seq), 0) + 1;
  const record = await ctx.ledger.addReview({
    unit,
    period: period.id,
    seq,
    sha256: rec.sha256,
    afterSha256: review.latest!.sha256,
    action: req.action,
    actor: req.actor,
    at: ctx.now().toISOString(),
    note: note || null,
    comments,
  });
  if (!record) throw new ActionRefused('Một người khác vừa thao tác trên báo cáo của đơn vị này. Hãy tải lại trang để xem trạng thái mới.', 409);
  const { id: _id, ...line } = record;
  await appendJournal(ctx.journal, line);
  const after = (await periodReview(ctx.ledger, period.id)).get(unit)!;
  let reply: string | undefined;
  try {
    reply = writeReply(ctx.processedDir, catalog, period.header, rec, record);
  } catch {
    // The reply is a courtesy on the folder route: the action stands without it.
  }
  return { record, submission: rec, review: after, ...(reply ? { reply } : {}) };
}
