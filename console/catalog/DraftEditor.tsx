/**
 * The year's draft on the catalogue page: the rows to review first, each beside its sentence of
 * the resolution, every field editable with its messages as one types (the page's checks, and the
 * worker's own — the checks of publishing — once saved or checked); the units and groups, the
 * common part and the deadlines; a preview of any unit's template and of the appendix; saving
 * (refused if someone else saved meanwhile), discarding, publishing as a new version, then moving
 * the periods that used an older version.
 */
import { DefaultButton, Link, MessageBar, MessageBarType, Pivot, PivotItem, PrimaryButton } from '@fluentui/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DraftEnvelope, PublishResult } from '../../shared/catalog-api.ts';
import type { CatalogDraft } from '../../shared/catalog-draft.ts';
import {
  addRow,
  commonProblems,
  draftRowProblems,
  moveRow,
  openPoints,
  printedNumbers,
  reopenPoint,
  resolveDraftPoint,
  resolvePoint,
  reviewOrder,
  updateRow,
  type DraftCheck,
  type FieldProblem,
} from '../../shared/catalog-draft-edit.ts';
import type { ConsoleSession } from '../../shared/console-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { checkDraft, discardDraft, loadDraft, publishDraft, saveDraft } from '../catalog-api.ts';
import { css, Loading, Page, Problem } from '../ui.tsx';
import { GeneralEditor } from './GeneralEditor.tsx';
import { Grid, type RowActions } from './Grid.tsx';
import { MovePeriod } from './PeriodActions.tsx';
import { Preview } from './Preview.tsx';
import { cat } from './styles.ts';
import { UnitsEditor } from './UnitsEditor.tsx';

type Notice = { kind: 'ok' | 'error' | 'warning'; text: string; lines?: string[] };

const FORM_SAID: Record<string, string> = {
  version: 'Bản sửa của danh mục đã công bố',
  workbook: 'Nhập từ tệp Excel',
  numbered: 'Đề xuất từ danh sách chỉ tiêu của nghị quyết',
  bulleted: 'Đề xuất từ danh sách chỉ tiêu của nghị quyết',
  paragraph: 'Đề xuất từ đoạn văn chỉ tiêu của nghị quyết',
  table: 'Đề xuất từ bảng chỉ tiêu của nghị quyết',
};

function Published({ year, result, onMoved }: { year: number; result: PublishResult; onMoved: (text: string) => void }) {
  return (
    <div className={css.page}>
      <MessageBar messageBarType={MessageBarType.success} isMultiline data-published={result.version}>
        {result.added
          ? `Đã công bố danh mục chỉ tiêu năm ${year}: phiên bản ${result.version}. Các phiên bản trước giữ nguyên.`
          : `Nội dung giống hệt phiên bản ${result.version} đã công bố, nên không tạo phiên bản mới.`}
      </MessageBar>
      {result.periods.length > 0 && (
        <div className={css.card}>
          <h2 className={css.h2} style={{ margin: 0 }}>
            Kỳ báo cáo đang dùng phiên bản trước
          </h2>
          <p className={cat.mini} style={{ margin: 0 }}>
            Một kỳ đã mở chỉ chuyển sang phiên bản mới khi Phòng Tài chính - Kế hoạch chọn chuyển.
          </p>
          {result.periods.map((p) => (
            <MovePeriod key={p.id} period={p.id} header={p.header} from={p.version} to={result.version} files={p.files} onMoved={onMoved} />
          ))}
        </div>
      )}
      <Link href="#/danh-muc">Về danh mục chỉ tiêu: mở kỳ báo cáo, tải biểu mẫu</Link>
    </div>
  );
}

export function DraftEditor({ year, session }: { year: number; session: ConsoleSession }) {
  const [env, setEnv] = useState<DraftEnvelope>();
  const [loadError, setLoadError] = useState('');
  const [draft, setDraftState] = useState<CatalogDraft>();
  const draftRef = useRef<CatalogDraft>();
  const [revision, setRevision] = useState(0);
  const [saved, setSaved] = useState({ at: '', by: '' });
  const [check, setCheck] = useState<DraftCheck>();
  const [stale, setStale] = useState<Set<number> | 'all'>(new Set());
  const [dirty, setDirty] = useState(false);
  const [sortBy, setSortBy] = useState<'review' | 'stt'>('review');
  const [order, setOrder] = useState<number[]>([]);
  const [onlyReview, setOnlyReview] = useState(false);
  const [tab, setTab] = useState('rows');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>();
  const [confirm, setConfirm] = useState<'publish' | 'discard' | null>(null);
  const [published, setPublished] = useState<PublishResult>();

  const setDraft = useCallback((next: CatalogDraft | ((d: CatalogDraft) => CatalogDraft)) => {
    setDraftState((d) => {
      const value = typeof next === 'function' ? next(d!) : next;
      draftRef.current = value;
      return value;
    });
  }, []);

  useEffect(() => {
    let live = true;
    void loadDraft(year).then((r) => {
      if (!live) return;
      if (!r.ok) {
        setLoadError(r.message);
        return;
      }
      setEnv(r.data);
      setDraft(r.data.draft);
      setRevision(r.data.revision);
      setSaved({ at: r.data.savedAt, by: r.data.savedBy });
      setCheck(r.data.check);
      setOrder(reviewOrder(r.data.draft));
    });
    return () => {
      live = false;
    };
  }, [year, setDraft]);

  // Leaving with changes not saved asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const touched = useCallback((rows: number[] | 'all') => {
    setDirty(true);
    setNotice(undefined);
    setConfirm(null);
    setStale((s) => (rows === 'all' || s === 'all' ? 'all' : new Set([...s, ...rows])));
  }, []);

  const actions = useMemo<RowActions>(
    () => ({
      edit: (i, change) => {
        setDraft((d) => updateRow(d, i, change));
        touched([i]);
      },
      resolve: (i, k) => {
        setDraft((d) => resolvePoint(d, i, k, session.user, new Date().toISOString()));
        touched([i]);
      },
      reopen: (i, k) => {
        setDraft((d) => reopenPoint(d, i, k));
        touched([i]);
      },
      move: (i, delta) => {
        setDraft((d) => moveRow(d, i, delta));
        touched('all');
      },
    }),
    [setDraft, touched, session.user],
  );

  const problems = useMemo(() => {
    const m = new Map<number, FieldProblem[]>();
    if (!draft) return m;
    for (const p of draftRowProblems(draft)) m.set(p.row, [...(m.get(p.row) ?? []), p]);
    return m;
  }, [draft]);
  // The worker's problems of rows not edited since its check, where the page's own checks say nothing about that field.
  const others = useMemo(() => {
    const m = new Map<number, string[]>();
    if (!check || stale === 'all') return m;
    for (const p of check.rows) {
      if (stale.has(p.row)) continue;
      if (p.field && (problems.get(p.row) ?? []).some((x) => x.field === p.field)) continue;
      m.set(p.row, [...(m.get(p.row) ?? []), `Khi công bố: ${p.message}`]);
    }
    return m;
  }, [check, stale, problems]);

  if (loadError) {
    return (
      <Page title={`Danh mục chỉ tiêu năm ${year}`} actions={<Link href="#/danh-muc">← Danh mục chỉ tiêu</Link>}>
        <Problem text={loadError} />
      </Page>
    );
  }
  if (published) {
    return (
      <Page title={`Danh mục chỉ tiêu năm ${year}`} actions={<Link href="#/danh-muc">← Danh mục chỉ tiêu</Link>}>
        {notice && (
          <MessageBar messageBarType={notice.kind === 'ok' ? MessageBarType.success : MessageBarType.error} role="status">
            {notice.text}
          </MessageBar>
        )}
        <Published
          year={year}
          result={published}
          onMoved={(text) => {
            setNotice({ kind: 'ok', text });
            setPublished({ ...published, periods: published.periods.filter((p) => !text.includes(`“${p.header}”`)) });
          }}
        />
      </Page>
    );
  }
  if (!draft || !env)
    return (
      <Page title={`Danh mục chỉ tiêu năm ${year}`}>
        <Loading label="Đang mở bản đề xuất…" />
      </Page>
    );

  const points = openPoints(draft);
  const rowsWithPoints = draft.rows.filter((r) => !r.omit && r.needsReview.length).length;
  const common = commonProblems(draft);
  const rowErrors = [...problems.values()].reduce((n, l) => n + l.length, 0) + [...others.values()].reduce((n, l) => n + l.length, 0);
  const draftErrors = [...common, ...(check && !dirty ? check.draft : [])];
  const errors = rowErrors + draftErrors.length;
  const stts = printedNumbers(draft);
  const shownOrder = (sortBy === 'stt' ? draft.rows.map((_r, i) => i) : order.filter((i) => i < draft.rows.length)).filter(
    (i) => !onlyReview || (!draft.rows[i].omit && draft.rows[i].needsReview.length > 0),
  );

  const save = async (): Promise<DraftCheck | undefined> => {
    const snapshot = draftRef.current!;
    setBusy(true);
    const r = await saveDraft(year, snapshot, revision);
    setBusy(false);
    if (!r.ok) {
      setNotice({ kind: 'error', text: r.message });
      return undefined;
    }
    setRevision(r.data.revision);
    setSaved({ at: r.data.savedAt, by: r.data.savedBy });
    setCheck(r.data.check);
    const same = draftRef.current === snapshot;
    setDirty(!same);
    setStale(same ? new Set() : 'all');
    setNotice({ kind: 'ok', text: `Đã lưu bản đề xuất (lần lưu thứ ${r.data.revision}).` });
    return r.data.check;
  };

  const checkNow = async () => {
    const snapshot = draftRef.current!;
    setBusy(true);
    const r = await checkDraft(snapshot);
    setBusy(false);
    if (!r.ok) {
      setNotice({ kind: 'error', text: r.message });
      return;
    }
    setCheck(r.data);
    if (draftRef.current === snapshot) setStale(new Set());
    const n = r.data.rows.length + r.data.draft.length;
    setNotice(
      n || r.data.review.length
        ? {
            kind: 'warning',
            text: `Kiểm tra như khi công bố: ${n ? `${n} lỗi cần sửa` : 'không có lỗi'}${r.data.review.length ? `, còn ${r.data.review.length} điểm cần xem lại` : ''}.`,
            lines: [...r.data.draft, ...r.data.rows.map((p) => `Dòng đề xuất ${p.row + 1}: ${p.message}`)],
          }
        : { kind: 'ok', text: 'Kiểm tra như khi công bố: không có lỗi, không còn điểm cần xem lại. Có thể công bố.' },
    );
  };

  const askPublish = async () => {
    const c = dirty ? await save() : check;
    if (!c) return;
    if (!c.ok) {
      setNotice({
        kind: 'error',
        text: 'Chưa công bố được: hãy sửa các lỗi và xem hết các điểm cần xem lại (các dòng tô vàng ở đầu bảng).',
        lines: [...c.draft, ...c.rows.map((p) => `Dòng đề xuất ${p.row + 1}: ${p.message}`), ...c.review.map((p) => `${p.label}: ${p.reason}`)],
      });
      return;
    }
    setConfirm('publish');
  };

  const publish = async () => {
    setBusy(true);
    const r = await publishDraft(year, revision);
    setBusy(false);
    setConfirm(null);
    if (!r.ok) {
      setNotice({ kind: 'error', text: r.message });
      return;
    }
    setDirty(false);
    setNotice(undefined);
    setPublished(r.data);
  };

  const discard = async () => {
    setBusy(true);
    const r = await discardDraft(year, revision);
    setBusy(false);
    if (!r.ok) {
      setNotice({ kind: 'error', text: r.message });
      return;
    }
    setDirty(false);
    window.location.hash = '#/danh-muc';
  };

  const whole = (next: CatalogDraft) => {
    setDraft(next);
    touched('all');
  };

  return (
    <Page title={`Danh mục chỉ tiêu năm ${year} — bản đề xuất`} actions={<Link href="#/danh-muc">← Danh mục chỉ tiêu</Link>}>
      <div className={css.card} data-draft-summary>
        <div className={cat.summary}>
          <span>
            {FORM_SAID[draft.origin.form] ?? 'Bản đề xuất'}
            {draft.origin.base ? ` (từ phiên bản ${draft.origin.base.version})` : ''}.
          </span>
          <span className={css.muted} data-saved={revision}>
            Lưu lần thứ {revision} lúc {formatTimeVi(saved.at)}, {saved.by}.
          </span>
          {dirty && <strong data-dirty>Có thay đổi chưa lưu.</strong>}
        </div>
        <div className={cat.summary}>
          <span data-open-points={points}>
            {points
              ? `Còn ${points} điểm cần xem lại (${rowsWithPoints} dòng${draft.needsReview.length ? ' và cả danh mục' : ''}).`
              : 'Đã xem hết các điểm cần xem lại.'}
          </span>
          <span data-errors={errors}>{errors ? `${errors} lỗi cần sửa.` : 'Không có lỗi.'}</span>
        </div>
        <div className={css.row} role="group" aria-label="Thao tác với bản đề xuất">
          <PrimaryButton text="Lưu bản đề xuất" onClick={() => void save()} disabled={busy} />
          <DefaultButton text="Kiểm tra như khi công bố" onClick={() => void checkNow()} disabled={busy} />
          <DefaultButton text="Công bố danh mục…" onClick={() => void askPublish()} disabled={busy} />
          <DefaultButton text="Bỏ bản đề xuất…" onClick={() => setConfirm('discard')} disabled={busy} />
        </div>
      </div>

      {notice && (
        <MessageBar
          messageBarType={notice.kind === 'ok' ? MessageBarType.success : notice.kind === 'warning' ? MessageBarType.warning : MessageBarType.error}
          isMultiline
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-notice={notice.kind}
        >
          <div>{notice.text}</div>
          {notice.lines && notice.lines.length > 0 && (
            <ul className={css.list}>
              {notice.lines.slice(0, 30).map((l, k) => (
                <li key={k}>{l}</li>
              ))}
            </ul>
          )}
        </MessageBar>
      )}
      {confirm === 'publish' && (
        <div className={css.card} role="group" aria-label="Xác nhận công bố" data-confirm="publish">
          <strong>
            Công bố danh mục chỉ tiêu năm {year}: {draft.rows.filter((r) => !r.omit).length} chỉ tiêu, {draft.catalog.units.length} đơn vị?
          </strong>
          <span>
            Danh mục được lưu thành một phiên bản mới; không sửa được tại chỗ (muốn sửa thì lập bản sửa, thành phiên bản sau). Các kỳ đã mở vẫn dùng phiên bản
            cũ cho đến khi chọn chuyển.
          </span>
          <div className={css.row}>
            <PrimaryButton text="Xác nhận công bố" onClick={() => void publish()} disabled={busy} />
            <DefaultButton text="Huỷ" onClick={() => setConfirm(null)} />
          </div>
        </div>
      )}
      {confirm === 'discard' && (
        <div className={css.card} role="group" aria-label="Xác nhận bỏ bản đề xuất">
          <strong>Bỏ bản đề xuất danh mục năm {year}? Mọi thay đổi trong bản này sẽ mất; các danh mục đã công bố giữ nguyên.</strong>
          <div className={css.row}>
            <PrimaryButton text="Xác nhận bỏ" onClick={() => void discard()} disabled={busy} />
            <DefaultButton text="Huỷ" onClick={() => setConfirm(null)} />
          </div>
        </div>
      )}

      {(draft.needsReview.length > 0 || draftErrors.length > 0) && (
        <div className={css.card} data-draft-points>
          <h2 className={css.h2} style={{ margin: 0 }}>
            Cả danh mục
          </h2>
          {draft.needsReview.map((reason, k) => (
            <div key={k} className={cat.point}>
              <span>{reason}</span>
              <button
                type="button"
                className={cat.smallButton}
                onClick={() => {
                  setDraft((d) => resolveDraftPoint(d, k, session.user, new Date().toISOString()));
                  touched([]);
                }}
              >
                Đã xem, đã sửa
              </button>
            </div>
          ))}
          {draftErrors.map((m, k) => (
            <div key={k} className={cat.message}>
              {m}
            </div>
          ))}
        </div>
      )}
      {(draft.unread.length > 0 || draft.notes.length > 0) && (
        <details className={css.card}>
          <summary>Ghi chú của bản đề xuất{draft.unread.length ? ` và ${draft.unread.length} phần không đọc thành chỉ tiêu` : ''}</summary>
          <ul className={css.list}>
            {draft.notes.map((n, k) => (
              <li key={`n${k}`}>{n}</li>
            ))}
            {draft.unread.map((u, k) => (
              <li key={`u${k}`}>
                Dòng {u.line}: “{u.text}” ({u.why}).
              </li>
            ))}
          </ul>
        </details>
      )}

      <Pivot
        selectedKey={tab}
        onLinkClick={(item) => item?.props.itemKey && setTab(item.props.itemKey)}
        aria-label="Các phần của bản đề xuất"
        overflowBehavior="menu"
        overflowAriaLabel="Các phần khác"
      >
        <PivotItem itemKey="rows" headerText={`Chỉ tiêu (${draft.rows.filter((r) => !r.omit).length})`} />
        <PivotItem itemKey="units" headerText={`Đơn vị và nhóm (${draft.catalog.units.length})`} />
        <PivotItem itemKey="general" headerText="Thông tin chung, hạn nộp" />
        <PivotItem itemKey="preview" headerText="Xem trước biểu mẫu, phụ lục" />
      </Pivot>

      {tab === 'rows' && (
        <>
          <div className={css.row}>
            <label className={cat.inline}>
              <span className={cat.mini}>Thứ tự</span>
              <select
                className={cat.input}
                style={{ width: 'auto' }}
                value={sortBy}
                onChange={(e) => {
                  const v = e.target.value as 'review' | 'stt';
                  setSortBy(v);
                  if (v === 'review') setOrder(reviewOrder(draftRef.current!));
                }}
              >
                <option value="review">Dòng cần xem lại lên trước</option>
                <option value="stt">Theo Số TT (đổi được thứ tự)</option>
              </select>
            </label>
            <label className={cat.inline} style={{ fontSize: 14 }}>
              <input type="checkbox" checked={onlyReview} onChange={(e) => setOnlyReview(e.target.checked)} />
              Chỉ hiện dòng còn điểm cần xem lại
            </label>
            <DefaultButton
              text="Thêm chỉ tiêu"
              onClick={() => {
                const next = addRow(draftRef.current!);
                setDraft(next);
                setOrder((o) => [...o, next.rows.length - 1]);
                touched([next.rows.length - 1]);
              }}
            />
          </div>
          <Grid
            rows={draft.rows}
            order={shownOrder}
            stts={stts}
            problems={problems}
            otherProblems={others}
            units={draft.catalog.units}
            groups={draft.catalog.groups}
            canMove={sortBy === 'stt'}
            actions={actions}
          />
        </>
      )}
      {tab === 'units' && <UnitsEditor draft={draft} knownUnits={env.knownUnits} onChange={whole} />}
      {tab === 'general' && <GeneralEditor draft={draft} onChange={whole} />}
      {tab === 'preview' && <Preview draft={draft} />}
    </Page>
  );
}
