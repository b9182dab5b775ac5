/**
 * "Nộp báo cáo": check the sheet again (the same checklist), refuse while it has errors (warnings
 * do not block), read the workbook file, post it, and keep the outcome for the pane to show. "Hủy"
 * stops reading (the file is closed) or sending. Never throws: every failure becomes a result with
 * a Vietnamese message and, where the file did not arrive, the folder route.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { FileReadError, ReadCancelled, type Submitter } from '../office/submitter.ts';
import { postSubmission, type SubmitOutcome } from './intake.ts';
import { settingsGap, type SubmitSettings } from './settings.ts';
import type { ViewResult } from './view-model.ts';

export type SubmitStep = 'checking' | 'reading' | 'sending';

export const STEP_LABELS: Record<SubmitStep, string> = {
  checking: 'Đang kiểm tra số liệu…',
  reading: 'Đang đọc tệp…',
  sending: 'Đang nộp…',
};

export type SubmitResult =
  /** The pane's own checks found errors (or nothing was entered): nothing was sent. */
  | { kind: 'checks'; errors: number; empty: boolean; first?: string; message?: string }
  /** Submitting could not start (no settings, the sheet could not be read …). */
  | { kind: 'blocked'; message: string; fix: 'settings' | 'sheet' }
  /** Excel did not hand the file over. */
  | { kind: 'read-failed'; message: string; unsupported: boolean }
  /** Cancelled by the officer: `sent` when the file was already on its way. */
  | { kind: 'stopped'; sent: boolean }
  | Exclude<SubmitOutcome, { kind: 'cancelled' }>;

export interface SubmitOptions {
  submitter: Submitter;
  settings: SubmitSettings;
  /** Re-reads the sheet and builds the checked view (null when the read failed). */
  check(): Promise<ViewResult | null>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  pageProtocol?: string;
  /** Called after the receiving side answered (e.g. to reload the history). */
  onAnswered?(): void;
}

export interface SubmitState {
  step: SubmitStep | null;
  /**
   * The sheet's content (TemplateView.signature) the receiving side last answered for (accepted,
   * the same file again, or rejected): submitting it again says nothing new, so the button waits
   * for a change in the sheet.
   */
  answeredFor: string | null;
  /** 0..1 while reading slices. */
  progress: number | undefined;
  result: SubmitResult | null;
  submit(): Promise<void>;
  /** Stops the submission in progress. */
  cancel(): void;
  clear(): void;
}

export function useSubmit(opts: SubmitOptions): SubmitState {
  const [step, setStep] = useState<SubmitStep | null>(null);
  const [progress, setProgress] = useState<number | undefined>();
  const [result, setResult] = useState<SubmitResult | null>(null);
  const [answeredFor, setAnsweredFor] = useState<string | null>(null);
  const mounted = useRef(true);
  const running = useRef<AbortController | null>(null);
  const latest = useRef(opts);
  latest.current = opts;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      running.current?.abort();
    };
  }, []);

  const submit = useCallback(async () => {
    if (running.current) return;
    const controller = new AbortController();
    running.current = controller;
    const { signal } = controller;
    const o = latest.current;
    const finish = (r: SubmitResult) => {
      if (mounted.current) setResult(r);
    };
    try {
      setResult(null);
      setProgress(undefined);
      setStep('checking');
      const built = await o.check();
      if (signal.aborted) return finish({ kind: 'stopped', sent: false });
      if (!built)
        return finish({
          kind: 'blocked',
          fix: 'sheet',
          message: 'Không đọc được biểu mẫu để kiểm tra nên chưa nộp. Hãy xem thông báo ở đầu ngăn, sửa rồi thử lại.',
        });
      if (!built.ok) return finish({ kind: 'blocked', fix: 'sheet', message: built.error });
      const { blocking } = built.view;
      if (blocking.errors > 0 || blocking.empty) {
        return finish({
          kind: 'checks',
          errors: blocking.errors,
          empty: blocking.empty,
          ...(blocking.first ? { first: blocking.first } : {}),
          ...(blocking.emptyMessage ? { message: blocking.emptyMessage } : {}),
        });
      }
      const gap = settingsGap(o.settings, o.pageProtocol);
      if (gap) return finish({ kind: 'blocked', fix: 'settings', message: gap.message });

      setStep('reading');
      let file;
      try {
        file = await o.submitter.readWorkbookFile((done, total) => {
          if (mounted.current) setProgress(total > 0 ? done / total : undefined);
        }, signal);
      } catch (e) {
        if (e instanceof ReadCancelled || signal.aborted) return finish({ kind: 'stopped', sent: false });
        const err = e instanceof FileReadError ? e : new FileReadError(`Không đọc được tệp sổ làm việc: ${e instanceof Error ? e.message : String(e)}`, false);
        return finish({ kind: 'read-failed', message: err.message, unsupported: err.unsupported });
      }
      if (signal.aborted) return finish({ kind: 'stopped', sent: false });

      setStep('sending');
      setProgress(undefined);
      const name = file.name ?? `Phu-luc-1-${built.view.unitCode}.xlsx`;
      const outcome = await postSubmission(o.settings, file.bytes, name, { fetch: o.fetch, timeoutMs: o.timeoutMs, pageProtocol: o.pageProtocol, signal });
      if (outcome.kind === 'cancelled') return finish({ kind: 'stopped', sent: true });
      finish(outcome);
      if ((outcome.kind === 'accepted' || outcome.kind === 'duplicate' || outcome.kind === 'rejected') && mounted.current) setAnsweredFor(built.view.signature);
      if (outcome.kind !== 'unreachable') o.onAnswered?.();
    } finally {
      running.current = null;
      if (mounted.current) {
        setStep(null);
        setProgress(undefined);
      }
    }
  }, []);

  const cancel = useCallback(() => running.current?.abort(), []);
  const clear = useCallback(() => setResult(null), []);

  return { step, progress, result, answeredFor, submit, cancel, clear };
}
