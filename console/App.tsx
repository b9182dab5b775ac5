/**
 * The console: set-up, login, or — signed in — a header (the pages the account's role may use,
 * the period chosen, the person's name, “Đổi mật khẩu”, “Đăng xuất”) and the page the address
 * names. Hash addresses keep every page a plain file on the server and back, forward and reload
 * working; the chosen period is in the address (`?ky=`). An account whose password an
 * administrator set sees only the change of password until it is done.
 */
import { DefaultButton, Link, getTheme, mergeStyleSets } from '@fluentui/react';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactElement } from 'react';
import { ROLE_LABEL } from '../shared/accounts.ts';
import type { ConsoleSession, PeriodsResponse } from '../shared/console-api.ts';
import { logout, periods as loadPeriods, whenSignedOut, whoAmI } from './api.ts';
import { FrameContext, frameOf, type Frame } from './frame.ts';
import { BackupNotice } from './BackupNotice.tsx';
import { AppendixPage } from './pages/AppendixPage.tsx';
import { BoardPage } from './pages/BoardPage.tsx';
import { LatePage } from './pages/LatePage.tsx';
import { leadersRoute } from './pages/LeadersRoutes.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { PasswordPage } from './pages/PasswordPage.tsx';
import { SetupPage } from './pages/SetupPage.tsx';
import { SubmissionPage } from './pages/SubmissionPage.tsx';
import { BOARD_ALIAS, namesBoard, pageHref, parseRoute, withPeriod, type PageName, type Route } from './route.ts';
import { Loading, Problem, css as ui, useLoad } from './ui.tsx';

/** The catalogue page, in a chunk of its own: loaded when opened. */
const CatalogPage = lazy(() => import(/* webpackChunkName: "console-catalog" */ './pages/CatalogPage.tsx'));
/** The office's pages (periods, units and access, accounts, the audit), in one chunk loaded on demand. */
const office = () => import(/* webpackChunkName: "console-office" */ './pages/office-pages.ts');
const PeriodsPage = lazy(() => office().then((m) => ({ default: m.PeriodsPage })));
const UnitsPage = lazy(() => office().then((m) => ({ default: m.UnitsPage })));
const AccountsPage = lazy(() => office().then((m) => ({ default: m.AccountsPage })));
const AuditPage = lazy(() => office().then((m) => ({ default: m.AuditPage })));
/** The leaders' pages (the overview's charts, an indicator's history, the report), in a chunk of their own too. */
const LeadersPage = lazy(() => import(/* webpackChunkName: "console-leaders" */ './pages/LeadersShell.tsx').then((m) => ({ default: m.LeadersPage })));

const theme = getTheme();
const css = mergeStyleSets({
  shell: { ...theme.fonts.medium, color: theme.palette.neutralPrimary, minHeight: '100vh', display: 'flex', flexDirection: 'column' },
  skip: {
    position: 'absolute',
    left: -10000,
    top: 0,
    background: theme.palette.white,
    padding: 8,
    zIndex: 10,
    selectors: { ':focus': { left: 8 } },
  },
  header: {
    background: theme.palette.themeDarker,
    color: theme.palette.white,
    padding: '10px 16px',
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: '8px 24px',
    selectors: { '@media print': { display: 'none' } },
  },
  brand: { fontSize: 16, fontWeight: 600, margin: 0 },
  nav: { display: 'flex', flexWrap: 'wrap', gap: '4px 16px', flex: '1 1 auto', minWidth: 0 },
  navLink: {
    color: theme.palette.white,
    fontSize: 14,
    padding: '4px 2px',
    textDecoration: 'none',
    borderBottom: '2px solid transparent',
    selectors: {
      ':hover, :focus': { color: theme.palette.white, textDecoration: 'underline' },
      '&[aria-current="page"]': { borderBottomColor: theme.palette.white, fontWeight: 600 },
    },
  },
  tools: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '8px 12px', fontSize: 13, minWidth: 0 },
  who: { overflowWrap: 'anywhere' },
  light: { color: theme.palette.white, selectors: { ':hover, :focus, :active': { color: theme.palette.white } } },
  picker: { selectors: { select: { maxWidth: 'min(320px, calc(100vw - 32px))' } } },
  main: { flex: '1 1 auto', width: '100%', maxWidth: 1200, margin: '0 auto', padding: 16, boxSizing: 'border-box', minWidth: 0 },
});

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** The header's pages, and who sees each (the system refuses the others anyway). */
const NAV: { page: Exclude<PageName, 'submission' | 'password' | 'setup' | 'indicator'>; label: string; who: 'all' | 'acts' | 'admin' }[] = [
  { page: 'board', label: 'Tình hình nộp', who: 'all' },
  { page: 'late', label: 'Chưa nộp, cần nộp lại', who: 'all' },
  { page: 'appendix', label: 'Phụ lục', who: 'all' },
  { page: 'overview', label: 'Tổng quan', who: 'all' },
  { page: 'report', label: 'Báo cáo', who: 'all' },
  { page: 'periods', label: 'Kỳ báo cáo', who: 'all' },
  { page: 'catalog', label: 'Danh mục chỉ tiêu', who: 'acts' },
  { page: 'units', label: 'Đơn vị và quyền nộp', who: 'acts' },
  { page: 'audit', label: 'Nhật ký', who: 'acts' },
  { page: 'accounts', label: 'Tài khoản', who: 'admin' },
];

interface Boot {
  session: ConsoleSession | null;
  setupNeeded: boolean;
  problem?: string;
}

export function App() {
  const [boot, setBoot] = useState<Boot | undefined>(undefined);
  const route = useRoute();
  useEffect(() => {
    whenSignedOut(() => setBoot((b) => ({ session: null, setupNeeded: b?.setupNeeded ?? false })));
    void whoAmI().then((r) =>
      setBoot(r.ok ? { session: r.data.session, setupNeeded: r.data.setupNeeded } : { session: null, setupNeeded: false, problem: r.message }),
    );
  }, []);
  const setSession = useCallback((session: ConsoleSession) => setBoot({ session, setupNeeded: false }), []);
  const signOut = useCallback(async () => {
    await logout();
    setBoot({ session: null, setupNeeded: false });
    // The next person starts at the board (of the same period), not on the page this one left.
    window.location.hash = pageHref('board', parseRoute(window.location.hash).ky);
  }, []);

  if (boot === undefined)
    return (
      <div className={css.shell}>
        <main className={css.main}>
          <Loading />
        </main>
      </div>
    );
  const { session } = boot;
  if (session === null) {
    return (
      <div className={css.shell}>
        <main className={css.main} id="noi-dung">
          {route.page === 'setup' ? (
            <SetupPage
              code={route.code}
              setupNeeded={boot.setupNeeded}
              onDone={(s) => {
                setSession(s);
                window.location.hash = '#/';
              }}
            />
          ) : (
            <LoginPage onLogin={setSession} setupNeeded={boot.setupNeeded} problem={boot.problem} />
          )}
        </main>
      </div>
    );
  }
  // A leader's home is the year at a glance (issue 23); the board is one entry of their menu (#/tinh-hinh-nop).
  const shown: Route = session.role === 'lanh-dao' && route.page === 'board' && !namesBoard(window.location.hash) ? { ...route, page: 'overview' } : route;
  return <SignedIn session={session} route={shown} setSession={setSession} signOut={signOut} />;
}

/** A leader's menu: the overview first, no reminders and no office pages. */
const LEADER_NAV: PageName[] = ['overview', 'board', 'appendix', 'report', 'periods'];

function SignedIn({
  session,
  route,
  setSession,
  signOut,
}: {
  session: ConsoleSession;
  route: Route;
  setSession: (s: ConsoleSession) => void;
  signOut: () => Promise<void>;
}) {
  const forced = session.mustChangePassword;
  const header = (nav: boolean, frame?: Frame) => (
    <header className={css.header}>
      <p className={css.brand}>{session.role === 'lanh-dao' ? 'Phụ lục 1 · Trang của lãnh đạo' : 'Phụ lục 1 · Phòng Tài chính - Kế hoạch'}</p>
      {nav && frame && (
        <nav className={css.nav} aria-label="Các trang">
          {(frame.acts
            ? NAV.filter((n) => n.who === 'all' || n.who === 'acts' || (n.who === 'admin' && frame.admin))
            : LEADER_NAV.flatMap((p) => NAV.filter((n) => n.page === p))
          ).map((n) => (
            <Link
              key={n.page}
              className={css.navLink}
              href={n.page === 'board' && !frame.acts ? `#${BOARD_ALIAS}${route.ky ? `?ky=${encodeURIComponent(route.ky)}` : ''}` : pageHref(n.page, route.ky)}
              aria-current={
                ({ submission: 'board', setup: 'board', indicator: 'overview' } as Partial<Record<PageName, PageName>>)[route.page] === n.page ||
                route.page === n.page
                  ? 'page'
                  : undefined
              }
            >
              {n.label}
            </Link>
          ))}
        </nav>
      )}
      <div className={css.tools}>
        {nav && frame && frame.periods.periods.length > 0 && (
          <label className={css.picker}>
            <span className={ui.hidden}>Kỳ báo cáo đang xem</span>
            <select
              className={ui.select}
              value={frame.period ?? ''}
              data-period-picker
              onChange={(e) => {
                window.location.hash = withPeriod(route, e.target.value);
              }}
            >
              {frame.period && !frame.periods.periods.some((p) => p.id === frame.period) && <option value={frame.period}>Kỳ không có trong hệ thống</option>}
              {frame.periods.periods.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.header}
                  {p.open ? '' : ' (đã đóng)'}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className={css.who} data-who>
          {session.fullName || session.user} · {ROLE_LABEL[session.role]}
        </span>
        {!forced && (
          <Link href={pageHref('password', route.ky)} className={css.light}>
            Đổi mật khẩu
          </Link>
        )}
        <DefaultButton text="Đăng xuất" onClick={() => void signOut()} styles={{ root: { minWidth: 0, height: 28 } }} />
      </div>
    </header>
  );

  if (forced) {
    return (
      <div className={css.shell}>
        {header(false)}
        <main className={css.main} id="noi-dung">
          <PasswordPage forced onChanged={setSession} />
        </main>
      </div>
    );
  }
  return <Shell session={session} route={route} header={header} setSession={setSession} />;
}

function Shell({
  session,
  route,
  header,
  setSession,
}: {
  session: ConsoleSession;
  route: Route;
  header: (nav: boolean, frame?: Frame) => ReactElement;
  setSession: (s: ConsoleSession) => void;
}) {
  const loaded = useLoad<PeriodsResponse>(() => loadPeriods(), 'periods');
  const { data, error, reload } = loaded;
  const frame = useMemo(() => (data ? frameOf(session, route, data, reload) : undefined), [session, route, data]);
  return (
    <div className={css.shell}>
      <a
        className={css.skip}
        href="#noi-dung"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('page-title')?.focus();
        }}
      >
        Bỏ qua, đến nội dung chính
      </a>
      {header(true, frame)}
      <main className={css.main} id="noi-dung">
        <BackupNotice />
        {error && <Problem text={error} />}
        {!error && !frame && <Loading />}
        {frame && (
          <FrameContext.Provider value={frame}>
            <Current route={route} frame={frame} setSession={setSession} />
          </FrameContext.Provider>
        )}
      </main>
    </div>
  );
}

function Current({ route, frame, setSession }: { route: Route; frame: Frame; setSession: (s: ConsoleSession) => void }) {
  switch (route.page) {
    case 'submission':
      return <SubmissionPage id={route.id ?? 0} session={frame.session} />;
    case 'late':
      return <LatePage />;
    case 'appendix':
      return <AppendixPage />;
    case 'periods':
      return (
        <Suspense fallback={<Loading />}>
          <PeriodsPage />
        </Suspense>
      );
    case 'units':
      return (
        <Suspense fallback={<Loading />}>
          <UnitsPage />
        </Suspense>
      );
    case 'accounts':
      return (
        <Suspense fallback={<Loading />}>
          <AccountsPage />
        </Suspense>
      );
    case 'audit':
      return (
        <Suspense fallback={<Loading />}>
          <AuditPage />
        </Suspense>
      );
    case 'password':
      return <PasswordPage forced={false} onChanged={setSession} />;
    case 'catalog':
      return (
        <Suspense fallback={<Loading />}>
          <CatalogPage session={frame.session} />
        </Suspense>
      );
    case 'overview':
    case 'indicator':
    case 'report':
      return (
        <Suspense fallback={<Loading />}>
          <LeadersPage
            route={leadersRoute(window.location.hash.replace(/^#/, '')) ?? { page: 'overview', ...(route.ky ? { period: route.ky } : {}) }}
            session={frame.session}
          />
        </Suspense>
      );
    default:
      return <BoardPage />;
  }
}
