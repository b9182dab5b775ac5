/**
 * "Nộp báo cáo": check the sheet again (the same checklist), refuse while it has problems, read
 * the workbook file, post it, and keep the outcome for the pane to show. Never throws: every
 * failure becomes a result with a Vietnamese message and, where the file did not arrive, the
 * folder route.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { FileReadError, type Submitter } from '../office/submitter.ts';
import { postSubmission, type SubmitOutcome } from './intake.ts';
import type { LinkedProblem } from './receipt-model.ts';
import { settingsProblem, type SubmitSettings } from './settings.ts';
import type { ViewResult } from './view-model.ts';

export type SubmitStep = 'checking' | 'reading' | 'sending';

export const STEP_LABELS: Record<SubmitStep, string> = {
  checking: 'Đang kiểm tra số liệu…',
  reading: 'Đang đọc tệp…',
  sending: 'Đang gửi…',
};

export type SubmitResult =
  /** The pane's own checks found problems: nothing was sent. */
  | { kind: 'checks'; problems: LinkedProblem[] }
  /** Submitting could not start (no settings, the sheet could not be read …). */
  | { kind: 'blocked'; message: string; fix: 'settings' | 'sheet' }
  /** Excel did not hand the file over. */
  | { kind: 'read-failed'; message: string; unsupported: boolean }
  | SubmitOutcome;

export interface SubmitOptions {
  submitter: Submitter;
  settings: SubmitSettings;
  /** Re-reads the sheet and builds the checked view (null when the read failed). */
  check(): Promise<ViewResult | null>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  pageProtocol?: string;
  /** Called after the server answered (e.g. to reload the history). */
  onAnswered?(): void;
}

export interface SubmitState {
  step: SubmitStep | null;
  /** 0..1 while reading slices. */
  progress: number | undefined;
  result: SubmitResult | null;
  submit(): Promise<void>;
  clear(): void;
}

export function useSubmit(opts: SubmitOptions): SubmitState {
  const [step, setStep] = useState<SubmitStep | null>(null);
  const [progress, setProgress] = useState<number | undefined>();
  const [result, setResult] = useState<SubmitResult | null>(null);
  const mounted = useRef(true);
  const running = useRef(false);
  const latest = useRef(opts);
  latest.current = opts;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const submit = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    const o = latest.current;
    const finish = (r: SubmitResult) => {
      if (mounted.current) setResult(r);
    };
    try {
      setResult(null);
      setProgress(undefined);
      setStep('checking');
      const built = await o.check();
      if (!built) return finish({ kind: 'blocked', fix: 'sheet', message: 'Không đọc được biểu mẫu để kiểm tra nên chưa nộp. Hãy xem thông báo ở đầu ngăn, sửa rồi thử lại.' });
      if (!built.ok) return finish({ kind: 'blocked', fix: 'sheet', message: built.error });
      const view = built.view;
      if (view.summary.problems > 0) {
        const problems = view.items.flatMap((i) => i.problems.map((p): LinkedProblem => ({ address: p.address, place: p.address ? `Ô ${p.address}` : '', message: p.message })));
        return finish({ kind: 'checks', problems });
      }
      const why = settingsProblem(o.settings, o.pageProtocol);
      if (why) return finish({ kind: 'blocked', fix: 'settings', message: why });

      setStep('reading');
      let file;
      try {
        file = await o.submitter.readWorkbookFile((done, total) => {
          if (mounted.current) setProgress(total > 0 ? done / total : undefined);
        });
      } catch (e) {
        const err = e instanceof FileReadError ? e : new FileReadError(`Không đọc được tệp sổ làm việc: ${e instanceof Error ? e.message : String(e)}`, false);
        return finish({ kind: 'read-failed', message: err.message, unsupported: err.unsupported });
      }

      setStep('sending');
      setProgress(undefined);
      const name = file.name ?? `Phu-luc-1-${view.unitCode}.xlsx`;
      const outcome = await postSubmission(o.settings, file.bytes, name, { fetch: o.fetch, timeoutMs: o.timeoutMs, pageProtocol: o.pageProtocol });
      finish(outcome);
      if (outcome.kind !== 'unreachable') o.onAnswered?.();
    } finally {
      running.current = false;
      if (mounted.current) {
        setStep(null);
        setProgress(undefined);
      }
    }
  }, []);

  const clear = useCallback(() => setResult(null), []);

  return { step, progress, result, submit, clear };
}
