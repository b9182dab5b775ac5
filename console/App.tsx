/**
 * The console: the login form first; once logged in, a header with the pages (the board, the late
 * list, the appendix) and the page the address names (#/, #/ban-nop/12, #/nhac-nop, #/phu-luc).
 * Hash addresses keep every page a plain file on the server and the browser's back button working.
 */
import { DefaultButton, Link, getTheme, mergeStyleSets } from '@fluentui/react';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { type ConsoleSession } from '../shared/console-api.ts';
import { canAct, ROLE_LABEL } from '../shared/accounts.ts';
import { currentSession, logout, whenSignedOut } from './api.ts';
import { BackupNotice } from './BackupNotice.tsx';
import { AppendixPage } from './pages/AppendixPage.tsx';
import { BoardPage } from './pages/BoardPage.tsx';
import { LatePage } from './pages/LatePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { SubmissionPage } from './pages/SubmissionPage.tsx';
import { Loading } from './ui.tsx';

/** The catalogue page, in a chunk of its own: loaded when opened. */
const CatalogPage = lazy(() => import(/* webpackChunkName: "console-catalog" */ './pages/CatalogPage.tsx'));

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

export type Route = { page: 'board' } | { page: 'submission'; id: number } | { page: 'late' } | { page: 'appendix' } | { page: 'catalog' };

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const m = /^\/ban-nop\/(\d+)$/.exec(h);
  if (m) return { page: 'submission', id: Number(m[1]) };
  if (h === '/nhac-nop') return { page: 'late' };
  if (h === '/phu-luc') return { page: 'appendix' };
  if (h === '/danh-muc' || h.startsWith('/danh-muc/')) return { page: 'catalog' };
  return { page: 'board' };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

const NAV: { href: string; label: string; page: Route['page']; office?: true }[] = [
  { href: '#/', label: 'Tình hình nộp', page: 'board' },
  { href: '#/nhac-nop', label: 'Chưa nộp, cần nộp lại', page: 'late' },
  { href: '#/phu-luc', label: 'Phụ lục', page: 'appendix' },
  { href: '#/danh-muc', label: 'Danh mục chỉ tiêu', page: 'catalog', office: true },
];

export function App() {
  const [session, setSession] = useState<ConsoleSession | null | undefined>(undefined);
  const route = useRoute();
  useEffect(() => {
    whenSignedOut(() => setSession(null));
    void currentSession().then((s) => setSession(s ?? null));
  }, []);
  const signOut = useCallback(async () => {
    await logout();
    setSession(null);
  }, []);

  if (session === undefined) return <div className={css.shell}><main className={css.main}><Loading /></main></div>;
  if (session === null) return <div className={css.shell}><main className={css.main} id="noi-dung"><LoginPage onLogin={setSession} /></main></div>;
  const current = route.page === 'submission' ? 'board' : route.page;
  return (
    <div className={css.shell}>
      <a className={css.skip} href="#noi-dung" onClick={(e) => {
        e.preventDefault();
        document.getElementById('page-title')?.focus();
      }}>Bỏ qua, đến nội dung chính</a>
      <header className={css.header}>
        <p className={css.brand}>Phụ lục 1 · Phòng Tài chính - Kế hoạch</p>
        <nav className={css.nav} aria-label="Các trang">
          {NAV.filter((n) => !n.office || canAct(session.role)).map((n) => (
            <Link key={n.page} href={n.href} className={css.navLink} aria-current={current === n.page ? 'page' : undefined}>{n.label}</Link>
          ))}
        </nav>
        <div className={css.who}>
          <span>{session.user} · {ROLE_LABEL[session.role]}</span>
          <DefaultButton text="Đăng xuất" onClick={() => void signOut()} styles={{ root: { minWidth: 0, height: 28 } }} />
        </div>
      </header>
      <main className={css.main} id="noi-dung">
        <BackupNotice />
        {route.page === 'board' && <BoardPage />}
        {route.page === 'submission' && <SubmissionPage id={route.id} session={session} />}
        {route.page === 'late' && <LatePage />}
        {route.page === 'appendix' && <AppendixPage />}
        {route.page === 'catalog' && <Suspense fallback={<Loading />}><CatalogPage session={session} /></Suspense>}
      </main>
    </div>
  );
}
