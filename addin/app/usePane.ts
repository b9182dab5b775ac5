/**
 * The pane's state machine: read the workbook, re-read ~300 ms after the template sheet changes
 * (one batched read per refresh), run the longer actions with a progress label, and keep every
 * error as a Vietnamese message (nothing is swallowed).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SheetModel } from '../../shared/layout.ts';
import { describeError } from '../office/errors.ts';
import type { SheetHost, Unsubscribe } from '../office/host.ts';
import type { ReadResult } from '../office/read.ts';
import { debounce, REFRESH_DEBOUNCE_MS } from './debounce.ts';

export interface PaneMessage {
  id: number;
  type: 'error' | 'warning' | 'success' | 'info';
  text: string;
}

export interface PaneState {
  read: ReadResult | null;
  /** A read is in flight. */
  refreshing: boolean;
  /** The last read failed (cleared by the next successful read). */
  readError: string | null;
  /** Label of a longer action in progress ("Đang tạo biểu mẫu…"). */
  busy: string | null;
  messages: PaneMessage[];
}

export interface PaneActions {
  /** Re-reads the workbook; resolves to what was read (null when the read failed). */
  refresh(): Promise<ReadResult | null>;
  select(address: string): Promise<void>;
  create(model: SheetModel, unitName: string): Promise<void>;
  dismiss(id: number): void;
  /** Shows a message at the top of the pane. */
  push(type: PaneMessage['type'], text: string): void;
}

let nextId = 1;

export function usePane(host: SheetHost, debounceMs = REFRESH_DEBOUNCE_MS): [PaneState, PaneActions] {
  const [read, setRead] = useState<ReadResult | null>(null);
  const [refreshing, setRefreshing] = useState(true);
  const [readError, setReadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [messages, setMessages] = useState<PaneMessage[]>([]);
  const seq = useRef(0);
  const mounted = useRef(true);

  const push = useCallback((type: PaneMessage['type'], text: string) => {
    if (mounted.current) setMessages((list) => [...list, { id: nextId++, type, text }]);
  }, []);

  const refresh = useCallback(async (): Promise<ReadResult | null> => {
    const mine = ++seq.current;
    setRefreshing(true);
    try {
      const r = await host.readTemplate();
      // A later read supersedes this one on screen; the caller still gets a fresh read.
      if (mine !== seq.current || !mounted.current) return r;
      setRead(r);
      setReadError(null);
      return r;
    } catch (e) {
      if (mine === seq.current && mounted.current) setReadError(describeError('Không đọc được sổ làm việc', e));
      return null;
    } finally {
      if (mine === seq.current && mounted.current) setRefreshing(false);
    }
  }, [host]);

  useEffect(() => {
    mounted.current = true;
    void refresh();
    return () => {
      mounted.current = false;
    };
  }, [refresh]);

  // After an edit, the template's rows grow with what was typed (Excel fits a row without a fixed
  // height by itself; a sheet drawn with fixed heights needs this). Said once if Excel refuses.
  const fitWarned = useRef(false);
  const fit = useCallback(
    (r: ReadResult | null) => {
      if (r?.kind !== 'template' || !r.rows.length || !host.fitRows) return;
      const rows = r.rows.map((x) => x.row);
      host.fitRows(`${Math.min(...rows)}:${Math.max(...rows)}`).catch((e: unknown) => {
        if (!fitWarned.current)
          push('warning', describeError('Không tự giãn được chiều cao các dòng theo nội dung; hãy kéo giãn dòng nếu phần giải trình bị che', e));
        fitWarned.current = true;
      });
    },
    [host, push],
  );

  // Follow the template sheet's changes while there is one.
  const watching = read?.kind === 'template';
  useEffect(() => {
    if (!watching) return undefined;
    const later = debounce(() => void refresh().then(fit), debounceMs);
    let unsubscribe: Unsubscribe | null = null;
    let cancelled = false;
    host
      .onChanged(() => later())
      .then(
        (u) => {
          if (cancelled) void u().catch((e: unknown) => push('error', describeError('Không gỡ được theo dõi thay đổi', e)));
          else unsubscribe = u;
        },
        (e: unknown) => push('error', describeError('Không theo dõi được thay đổi trên trang tính; sau khi nhập, hãy bấm “Kiểm tra lại”', e)),
      );
    return () => {
      cancelled = true;
      later.cancel();
      if (unsubscribe) void unsubscribe().catch(() => undefined /* the pane is going away: nowhere to show it */);
    };
  }, [host, watching, refresh, debounceMs, push, fit]);

  const select = useCallback(
    async (address: string) => {
      try {
        await host.selectCell(address);
      } catch (e) {
        push('error', describeError(`Không chọn được ô ${address}`, e));
      }
    },
    [host, push],
  );

  const create = useCallback(
    async (model: SheetModel, unitName: string) => {
      setBusy('Đang tạo biểu mẫu…');
      try {
        const report = await host.createTemplate(model);
        push('success', `Đã tạo biểu mẫu Phụ lục 1 cho ${unitName}. Hãy nhập số liệu vào các ô màu vàng.`);
        for (const w of report.warnings) push('warning', w);
      } catch (e) {
        push('error', describeError('Không tạo được biểu mẫu', e));
      } finally {
        if (mounted.current) setBusy(null);
      }
      await refresh();
    },
    [host, push, refresh],
  );

  const dismiss = useCallback((id: number) => setMessages((list) => list.filter((m) => m.id !== id)), []);

  return [
    { read, refreshing, readError, busy, messages },
    { refresh, select, create, dismiss, push },
  ];
}
