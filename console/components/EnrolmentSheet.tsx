/**
 * “Phiếu hướng dẫn nộp báo cáo”: what a department needs to submit with the add-in — its name,
 * the one-time enrolment code in large monospace, when the code expires, the system's address
 * and the four steps. Printed alone (everything else on the page is left out of the print) on one
 * A5 or A4 page.
 */
import { DefaultButton, PrimaryButton } from '@fluentui/react';
import { mergeStyleSets } from '@fluentui/react';
import { useEffect, useRef } from 'react';
import type { EnrolmentIssued } from '../../shared/console-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { css as ui } from '../ui.tsx';

const css = mergeStyleSets({
  sheet: {
    background: '#ffffff',
    color: '#000000',
    border: '1px solid #8a8886',
    borderRadius: 4,
    padding: '24px 28px',
    maxWidth: 640,
    width: '100%',
    boxSizing: 'border-box',
    margin: '0 auto',
    fontFamily: '"Times New Roman", Times, serif',
    fontSize: 15,
    lineHeight: '1.45',
    overflowWrap: 'anywhere',
    selectors: {
      '@media print': { border: 'none', borderRadius: 0, padding: 0, maxWidth: 'none', fontSize: '12pt', breakInside: 'avoid' },
      '@media (max-width: 480px)': { padding: '16px 14px' },
    },
  },
  issuer: { margin: 0, fontSize: '0.9em', fontWeight: 700, textTransform: 'uppercase' },
  title: { margin: '12px 0 4px', fontSize: '1.45em', fontWeight: 700, textAlign: 'center', textTransform: 'uppercase', outline: 'none' },
  unit: { margin: '0 0 12px', textAlign: 'center', fontSize: '1.15em', fontWeight: 700 },
  codeBox: { border: '2px solid #000000', borderRadius: 4, padding: '10px 12px', textAlign: 'center', margin: '8px 0 12px' },
  code: {
    display: 'block',
    fontFamily: 'Consolas, "Courier New", monospace',
    fontSize: 34,
    fontWeight: 700,
    letterSpacing: '0.08em',
    lineHeight: '1.2',
    selectors: { '@media (max-width: 480px)': { fontSize: 26 } },
  },
  url: { fontFamily: 'Consolas, "Courier New", monospace', fontSize: '0.95em', overflowWrap: 'anywhere' },
  steps: { margin: '8px 0', paddingLeft: 22, display: 'flex', flexDirection: 'column', gap: 6 },
  foot: { marginTop: 12, fontSize: '0.9em', fontStyle: 'italic' },
  // Printing the sheet: everything else on the page is left out (see ui.tsx noPrint and App's header).
  bar: { display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'center', margin: '0 0 16px' },
});

export function EnrolmentSheet({ issued, onClose }: { issued: EnrolmentIssued; onClose: () => void }) {
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    title.current?.focus();
    document.title = `Phiếu hướng dẫn nộp báo cáo — ${issued.unitName}`;
  }, [issued]);
  return (
    <div data-enrolment>
      <div className={`${css.bar} ${ui.noPrint}`} role="group" aria-label="Phiếu hướng dẫn">
        <PrimaryButton text="In phiếu" iconProps={{ iconName: 'Print' }} onClick={() => window.print()} />
        <DefaultButton text="Quay lại danh sách đơn vị" onClick={onClose} />
      </div>
      <p className={`${ui.muted} ${ui.noPrint}`} style={{ textAlign: 'center', margin: '0 0 12px' }}>
        Mã đăng ký chỉ hiện một lần: hãy in phiếu (hoặc chép mã) trước khi rời trang này.
      </p>
      <article className={css.sheet} aria-labelledby="phieu-tieu-de" data-sheet>
        <p className={css.issuer}>Phòng Tài chính - Kế hoạch</p>
        <h1 className={css.title} id="phieu-tieu-de" tabIndex={-1} ref={title}>
          Phiếu hướng dẫn nộp báo cáo
        </h1>
        <p className={css.unit} data-sheet-unit>
          {issued.unitName}
        </p>
        <p style={{ margin: 0 }}>Đơn vị nộp báo cáo Phụ lục 1 bằng phần bổ trợ “Phụ lục 1” trong Excel. Mã đăng ký của đơn vị:</p>
        <div className={css.codeBox}>
          <span className={css.code} data-sheet-code>
            {issued.code}
          </span>
          <span>
            Chỉ dùng một lần; hết hạn lúc <strong>{formatTimeVi(issued.expiresAt)}</strong>.
          </span>
        </div>
        <p style={{ margin: 0 }}>
          Địa chỉ hệ thống nhận báo cáo:{' '}
          <span className={css.url} data-sheet-url>
            {issued.intakeUrl}
          </span>
        </p>
        <ol className={css.steps}>
          {issued.steps.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
        <p className={css.foot}>Mã hết hạn hoặc bị mất: hãy liên hệ Phòng Tài chính - Kế hoạch để được cấp mã mới. Không chuyển mã cho đơn vị khác.</p>
      </article>
    </div>
  );
}
