/**
 * The leaders' pages, which the planning office has too (#/tong-quan, #/chi-tieu/<mã>, #/bao-cao;
 * a leader's menu and landing on the overview are App.tsx's), and their print stylesheet: A4, the
 * header and the controls left out, cards kept whole.
 */
import type { ConsoleSession } from '../../shared/console-api.ts';
import { LeadersHome } from './LeadersHome.tsx';
import { LeadersIndicator } from './LeadersIndicator.tsx';
import type { LeadersRoute } from './LeadersRoutes.ts';
import { ReportPage } from './ReportPage.tsx';

/** A4 pages; the header, the menu and the controls are not printed; a chart's card stays on one page. */
export function PrintStyle() {
  return (
    <style>{`
      @page { size: A4 portrait; margin: 12mm; }
      @media print {
        header, nav, [data-noprint], button, input[type="file"] { display: none !important; }
        main { max-width: none !important; padding: 0 !important; }
        [data-indicator] { break-inside: avoid; page-break-inside: avoid; }
        a { color: #000000 !important; text-decoration: none !important; }
        body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      }
    `}</style>
  );
}

/** A leaders' page, for any role: the overview, an indicator, the report. */
export function LeadersPage({ route, session }: { route: LeadersRoute; session: ConsoleSession }) {
  return (
    <>
      <PrintStyle />
      {route.page === 'overview' && <LeadersHome year={route.year} period={route.period} />}
      {route.page === 'indicator' && <LeadersIndicator code={route.code} />}
      {route.page === 'report' && <ReportPage period={route.period} session={session} />}
    </>
  );
}
