/**
 * The appendix: the preview in the printed layout (draft or final), downloads (.xlsx; PDF when
 * LibreOffice is installed on the machine running the system) and the version history.
 */
import { Link, MessageBar, MessageBarType } from '@fluentui/react';
import { formatTimeVi } from '../../shared/format.ts';
import type { AppendixView } from '../../shared/console-api.ts';
import { AppendixSheet } from '../AppendixSheet.tsx';
import { appendix, downloads } from '../api.ts';
import { useFrame } from '../frame.ts';
import { Loading, NoPeriod, Page, Problem, css, useLoad } from '../ui.tsx';

export function AppendixPage() {
  const { period, acts } = useFrame();
  if (!period)
    return (
      <Page title="Phụ lục 1">
        <NoPeriod canOpen={acts} />
      </Page>
    );
  return <Appendix period={period} />;
}

function Appendix({ period }: { period: string }) {
  const { data, error } = useLoad<AppendixView>(() => appendix(period), period);
  if (error)
    return (
      <Page title="Phụ lục 1">
        <Problem text={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title="Phụ lục 1">
        <Loading label="Đang tổng hợp phụ lục…" />
      </Page>
    );
  return (
    <Page title={`Phụ lục 1 — ${data.final ? 'bản chính thức' : 'bản dự thảo'}`}>
      <div className={css.muted}>{data.period.header}</div>
      {data.final ? (
        <MessageBar messageBarType={MessageBarType.success} isMultiline data-final="true">
          Mọi đơn vị đã được duyệt: đây là bản chính thức để trình lãnh đạo.
        </MessageBar>
      ) : (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline data-final="false">
          BẢN DỰ THẢO: còn đơn vị chưa được duyệt. Dòng “BẢN DỰ THẢO” in dưới tiêu đề phụ lục cho đến khi mọi đơn vị được duyệt.
        </MessageBar>
      )}
      <div className={css.card}>
        <div>
          <strong>Tổng hợp:</strong> {data.summary}.
        </div>
        <div className={css.muted}>{data.warnings ? `${data.warnings} cảnh báo cần xem lại (trang “Cảnh báo” trong tệp Excel).` : 'Không có cảnh báo.'}</div>
        <div className={css.row}>
          <Link href={downloads.appendixXlsx(period)} download>
            Tải phụ lục (Excel .xlsx)
          </Link>
          {data.pdf ? (
            <Link href={downloads.appendixPdf(period)} download>
              Tải phụ lục (PDF)
            </Link>
          ) : (
            <span className={css.muted}>Máy chạy hệ thống chưa cài LibreOffice nên chưa tạo được bản PDF; hãy tải bản Excel rồi in hoặc lưu PDF từ Excel.</span>
          )}
        </div>
      </div>
      <h2 className={css.h2}>Xem trước (như bản in)</h2>
      <AppendixSheet model={data.model} label="Phụ lục 1, xem trước như bản in" />
      <h2 className={css.h2}>Các phiên bản đã ghi</h2>
      {data.versions.length === 0 ? (
        <div className={css.muted}>Chưa ghi phiên bản nào.</div>
      ) : (
        <table className={css.table} aria-label="Các phiên bản phụ lục" data-versions>
          <thead>
            <tr>
              <th scope="col">Phiên bản</th>
              <th scope="col">Ghi lúc</th>
              <th scope="col">Loại</th>
              <th scope="col">Tải về</th>
            </tr>
          </thead>
          <tbody>
            {data.versions.map((v) => (
              <tr key={v.n}>
                <td data-label="Phiên bản">Số {v.n}</td>
                <td data-label="Ghi lúc">{formatTimeVi(v.createdAt)}</td>
                <td data-label="Loại">{v.final ? 'Bản chính thức' : 'Bản dự thảo'}</td>
                <td data-label="Tải về">
                  <Link href={downloads.appendixVersion(v.n, period)} download>
                    Tải phiên bản số {v.n} (.xlsx)
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
