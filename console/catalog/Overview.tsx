/**
 * The catalogue page's first view: the drafts in progress, how to start the next year's catalogue,
 * and every stored catalogue with its versions — who published each and when, where it came from,
 * which periods use it and how many files arrived under it — with the version as a workbook, a
 * correction started from it (a new version), the periods to open, their templates, and the
 * periods still on an older version to move.
 */
import { DefaultButton, Link, MessageBar, MessageBarType } from '@fluentui/react';
import { useState } from 'react';
import type { CatalogsResponse, CatalogView } from '../../shared/catalog-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { draftFromVersion, listCatalogs, templatesZipUrl, versionFileUrl } from '../catalog-api.ts';
import { css, Loading, Page, Problem, useLoad } from '../ui.tsx';
import { MovePeriod, OpenPeriod } from './PeriodActions.tsx';
import { StartDraft } from './StartDraft.tsx';
import { cat } from './styles.ts';

const go = (year: number) => {
  window.location.hash = `#/danh-muc/${year}`;
};

function CatalogCard({ c, data, onChanged }: { c: CatalogView; data: CatalogsResponse; onChanged: (text: string) => void }) {
  const newest = c.versions[0];
  const [asking, setAsking] = useState<number | null>(null);
  const [error, setError] = useState('');
  const draft = data.drafts.find((d) => d.year === c.year);
  const startFrom = async (version: number) => {
    setError('');
    const r = await draftFromVersion({ id: c.id, version }, Boolean(draft));
    if (r.ok) go(r.data.year);
    else setError(r.message);
  };
  const older = c.periods.filter((p) => p.opened && p.version !== null && p.version !== newest.version);
  const closedToOpen = c.periods.filter((p) => !p.opened);
  return (
    <section className={css.card} aria-labelledby={`dm-${c.id}`} data-catalog={c.id}>
      <h3 id={`dm-${c.id}`} className={css.h2} style={{ margin: 0 }}>
        Danh mục năm {c.year} — {c.locality}
      </h3>
      <table className={cat.plainTable} aria-label={`Các phiên bản danh mục năm ${c.year}`} data-versions={c.id}>
        <thead>
          <tr>
            <th scope="col">Phiên bản</th>
            <th scope="col">Công bố</th>
            <th scope="col">Nội dung</th>
            <th scope="col">Kỳ báo cáo dùng phiên bản này</th>
            <th scope="col">Thao tác</th>
          </tr>
        </thead>
        <tbody>
          {c.versions.map((v) => (
            <tr key={v.version} data-version={v.version}>
              <td data-label="Phiên bản">
                <strong>Số {v.version}</strong>
                {v === newest ? <span className={cat.mini}> (mới nhất)</span> : null}
              </td>
              <td data-label="Công bố">
                {formatTimeVi(v.createdAt)}
                <br />
                <span className={cat.mini}>
                  {v.createdBy ?? 'Hệ thống'} · {v.source}
                </span>
              </td>
              <td data-label="Nội dung">
                {v.indicators} chỉ tiêu, {v.groups} nhóm, {v.units} đơn vị
              </td>
              <td data-label="Kỳ báo cáo">
                {v.periods.length === 0 ? (
                  <span className={cat.mini}>Chưa kỳ nào dùng.</span>
                ) : (
                  <ul className={css.list}>
                    {v.periods.map((p) => (
                      <li key={p.id} data-period={p.id} data-current={p.current}>
                        {p.header}: {p.current ? (p.open ? 'đang thu' : 'đã đóng') : 'đã dùng trước khi chuyển phiên bản'};{' '}
                        {p.files ? `đã nhận ${p.files} tệp theo phiên bản này` : 'chưa nhận tệp nào theo phiên bản này'}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td data-label="Thao tác">
                <div className={cat.cellStack}>
                  <Link href={versionFileUrl(c.id, v.version)} download>
                    Tải Excel (.xlsx)
                  </Link>
                  {asking === v.version ? (
                    <div className={cat.point}>
                      <span>
                        Mở phiên bản {v.version} thành bản đề xuất để sửa; khi công bố sẽ là phiên bản mới, phiên bản {v.version} giữ nguyên.
                        {draft ? ` Bản đề xuất năm ${c.year} đang có (${draft.savedBy} lưu lúc ${formatTimeVi(draft.savedAt)}) sẽ bị thay.` : ''}
                      </span>
                      <div className={cat.inline}>
                        <button type="button" className={cat.smallButton} onClick={() => void startFrom(v.version)}>
                          Xác nhận sửa
                        </button>
                        <button type="button" className={cat.smallButton} onClick={() => setAsking(null)}>
                          Huỷ
                        </button>
                      </div>
                    </div>
                  ) : (
                    <button type="button" className={cat.smallButton} onClick={() => setAsking(v.version)}>
                      Sửa thành phiên bản mới…
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <div className={cat.message} role="alert">
          {error}
        </div>
      )}
      {older.map((p) => (
        <MovePeriod
          key={p.id}
          period={p.id}
          header={p.header}
          from={p.version!}
          to={newest.version}
          files={c.versions.find((v) => v.version === p.version)?.periods.find((x) => x.id === p.id)?.files ?? 0}
          onMoved={onChanged}
        />
      ))}
      {c.periods.some((p) => p.opened) && (
        <div className={cat.cellStack}>
          <strong>Biểu mẫu của các kỳ đã mở</strong>
          {c.periods
            .filter((p) => p.opened)
            .map((p) => (
              <Link key={p.id} href={templatesZipUrl(p.id)} download data-templates={p.id}>
                Tải biểu mẫu {p.header} của mọi đơn vị (.zip)
              </Link>
            ))}
        </div>
      )}
      <OpenPeriod catalogId={c.id} periods={closedToOpen} onOpened={onChanged} />
    </section>
  );
}

export function Overview() {
  const { data, error, reload } = useLoad(listCatalogs, 'catalogs');
  const [done, setDone] = useState('');
  if (error)
    return (
      <Page title="Danh mục chỉ tiêu">
        <Problem text={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title="Danh mục chỉ tiêu">
        <Loading />
      </Page>
    );
  const changed = (text: string) => {
    setDone(text);
    reload();
  };
  return (
    <Page title="Danh mục chỉ tiêu">
      <p className={css.muted} style={{ margin: 0 }}>
        Mỗi năm, danh mục chỉ tiêu lập từ nghị quyết của HĐND: tên chỉ tiêu, đơn vị tính, kế hoạch, cách đánh giá, đơn vị phụ trách. Danh mục đã công bố không
        sửa tại chỗ: mỗi lần sửa là một phiên bản mới.
      </p>
      {done && (
        <MessageBar messageBarType={MessageBarType.success} role="status">
          {done}
        </MessageBar>
      )}
      {data.drafts.length > 0 && (
        <div className={css.card} data-drafts>
          <h2 className={css.h2} style={{ margin: 0 }}>
            Bản đề xuất đang làm
          </h2>
          <ul className={css.list}>
            {data.drafts.map((d) => (
              <li key={d.year} data-draft={d.year}>
                <Link href={`#/danh-muc/${d.year}`}>Danh mục năm {d.year}</Link>: {d.rows} chỉ tiêu,{' '}
                {d.points ? `còn ${d.points} điểm cần xem lại` : 'đã xem hết các điểm'}; {d.savedBy} lưu lúc {formatTimeVi(d.savedAt)}.
              </li>
            ))}
          </ul>
        </div>
      )}
      <details className={css.card} open={data.drafts.length === 0} data-start-section>
        <summary>
          <strong>Lập danh mục mới</strong>
        </summary>
        <StartDraft data={data} onStarted={go} />
      </details>
      <h2 className={css.h2}>Danh mục đã công bố</h2>
      {data.catalogs.length === 0 && <div className={css.muted}>Chưa có danh mục nào.</div>}
      {data.catalogs.map((c) => (
        <CatalogCard key={c.id} c={c} data={data} onChanged={changed} />
      ))}
      <DefaultButton text="Tải lại danh sách" onClick={reload} styles={{ root: { alignSelf: 'flex-start' } }} />
    </Page>
  );
}
