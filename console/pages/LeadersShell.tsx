/**
 * The leaders' console: their own header and menu (Tổng quan, Tình hình nộp, Phụ lục, Báo cáo —
 * no reminders, no review actions, no office pages), landing on the overview; and the routes of
 * the leaders' pages, which the planning office has too (#/tong-quan, #/chi-tieu/<mã>, #/bao-cao).
 * The print stylesheet of these pages: A4, the header and the controls left out, cards kept whole.
 */
import { DefaultButton, Link, getTheme, mergeStyleSets } from '@fluentui/react';
import { ROLE_LABEL } from '../../shared/accounts.ts';
import type { ConsoleSession } from '../../shared/console-api.ts';
import { AppendixPage } from './AppendixPage.tsx';
import { BoardPage } from './BoardPage.tsx';
import { LeadersHome } from './LeadersHome.tsx';
import { LeadersIndicator } from './LeadersIndicator.tsx';
import { LEADERS_BOARD, leadersRoute, type LeadersRoute } from './LeadersRoutes.ts';
import { ReportPage } from './ReportPage.tsx';
import { SubmissionPage } from './SubmissionPage.tsx';

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

const theme = getTheme();
const css = mergeStyleSets({
  shell: { ...theme.fonts.medium, color: theme.palette.neutralPrimary, minHeight: '100vh', display: 'flex', flexDirection: 'column' },
  skip: {
    position: 'absolute', left: -10000, top: 0, background: theme.palette.white, padding: 8, zIndex: 10,
    selectors: { ':focus': { left: 8 } },
  },
  header: {
    background: theme.palette.themeDarker, color: theme.palette.white, padding: '10px 16px',
    display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '8px 24px',
  },
  brand: { fontSize: 16, fontWeight: 600, margin: 0 },
  nav: { display: 'flex', flexWrap: 'wrap', gap: '4px 16px', flex: '1 1 auto' },
  navLink: {
    color: theme.palette.white, fontSize: 14, padding: '4px 2px', textDecoration: 'none', borderBottom: '2px solid transparent',
    selectors: { ':hover, :focus': { color: theme.palette.white, textDecoration: 'underline' }, '&[aria-current="page"]': { borderBottomColor: theme.palette.white, fontWeight: 600 } },
  },
  who: { display: 'flex', alignItems: 'center', gap: 8, fontSize: 13 },
  main: { flex: '1 1 auto', width: '100%', maxWidth: 1200, margin: '0 auto', padding: 16, boxSizing: 'border-box', minWidth: 0 },
});

const NAV: { href: string; label: string; key: string }[] = [
  { href: '#/tong-quan', label: 'Tổng quan', key: 'overview' },
  { href: LEADERS_BOARD, label: 'Tình hình nộp', key: 'board' },
  { href: '#/phu-luc', label: 'Phụ lục', key: 'appendix' },
  { href: '#/bao-cao', label: 'Báo cáo', key: 'report' },
];

/**
 * A leader's console: `route` as the console parsed the address; what is not a leader's page (the
 * address #/, the reminders, an office page) is the overview.
 */
export function LeadersShell({ session, route, onSignOut }: { session: ConsoleSession; route: { page: string; id?: number }; onSignOut: () => void }) {
  const path = window.location.hash.replace(/^#/, '').split('?')[0];
  const own = leadersRoute(window.location.hash.replace(/^#/, ''));
  let key: string;
  let content;
  if (own) {
    key = own.page === 'report' ? 'report' : 'overview';
    content = <LeadersPage route={own} session={session} />;
  } else if (route.page === 'board' && path === LEADERS_BOARD.slice(1)) {
    key = 'board';
    content = <BoardPage />;
  } else if (route.page === 'submission') {
    key = 'board';
    content = <SubmissionPage id={route.id ?? 0} session={session} />;
  } else if (route.page === 'appendix') {
    key = 'appendix';
    content = <AppendixPage />;
  } else {
    key = 'overview';
    content = <LeadersPage route={{ page: 'overview' }} session={session} />;
  }
  return (
    <div className={css.shell} data-leaders>
      <a className={css.skip} href="#noi-dung" onClick={(e) => {
        e.preventDefault();
        document.getElementById('page-title')?.focus();
      }}>Bỏ qua, đến nội dung chính</a>
      <header className={css.header}>
        <p className={css.brand}>Phụ lục 1 · Trang của lãnh đạo</p>
        <nav className={css.nav} aria-label="Các trang">
          {NAV.map((n) => (
            <Link key={n.key} href={n.href} className={css.navLink} aria-current={key === n.key ? 'page' : undefined}>{n.label}</Link>
          ))}
        </nav>
        <div className={css.who}>
          <span>{session.fullName || session.user} · {ROLE_LABEL[session.role]}</span>
          <DefaultButton text="Đăng xuất" onClick={onSignOut} styles={{ root: { minWidth: 0, height: 28 } }} />
        </div>
      </header>
      <main className={css.main} id="noi-dung">{content}</main>
    </div>
  );
}
