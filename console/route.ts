/**
 * The console's addresses: hash routes (#/, #/ban-nop/12, #/ky-bao-cao …) with the chosen period
 * kept in the hash (`?ky=2023-uoc`) so that back, forward and reload show the same period, and the
 * set-up address `phuluc start` prints (#/thiet-lap?ma=CODE). Pure: no window, no React.
 */
import { PERIOD_ID } from '../shared/period.ts';

export type PageName =
  | 'board'
  | 'submission'
  | 'late'
  | 'appendix'
  | 'periods'
  | 'units'
  | 'accounts'
  | 'audit'
  | 'password'
  | 'setup'
  | 'overview'
  | 'indicator'
  | 'report'
  | 'catalog';

export interface Route {
  page: PageName;
  /** The submission's number (#/ban-nop/12). */
  id?: number;
  /** The chosen period (`?ky=`), when the address names a well-formed one. */
  ky?: string;
  /** The one-time set-up code (`#/thiet-lap?ma=…`). */
  code?: string;
}

/** Each page's path in the hash. */
export const PAGE_PATH: Record<Exclude<PageName, 'submission' | 'indicator'>, string> = {
  board: '/',
  late: '/nhac-nop',
  appendix: '/phu-luc',
  periods: '/ky-bao-cao',
  units: '/don-vi',
  accounts: '/tai-khoan',
  audit: '/nhat-ky',
  password: '/doi-mat-khau',
  setup: '/thiet-lap',
  overview: '/tong-quan',
  report: '/bao-cao',
  catalog: '/danh-muc',
};

/** The board under its own name: a leader's #/ is the overview, so a leader's menu links here. */
export const BOARD_ALIAS = '/tinh-hinh-nop';

const BY_PATH = new Map<string, PageName>([...Object.entries(PAGE_PATH).map(([page, p]) => [p, page as PageName] as const), [BOARD_ALIAS, 'board']]);

/** Whether the address names the board by its own name (#/tinh-hinh-nop), not as the bare home (#/: a leader's overview). */
export function namesBoard(hash: string): boolean {
  return hash.replace(/^#/, '').split('?')[0].replace(/\/+$/, '') === BOARD_ALIAS;
}

/** The route an address's hash names (anything unknown is the board). */
export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const pathPart = (q < 0 ? h : h.slice(0, q)).replace(/\/+$/, '') || '/';
  const params = new URLSearchParams(q < 0 ? '' : h.slice(q + 1));
  const kyRaw = params.get('ky')?.trim();
  const ky = kyRaw && PERIOD_ID.test(kyRaw) ? kyRaw : undefined;
  const code = params.get('ma')?.trim() || undefined;
  const m = /^\/ban-nop\/(\d{1,9})$/.exec(pathPart);
  const indicator = /^\/chi-tieu\/[A-Z][A-Z0-9_]{0,63}$/.test(pathPart);
  const page: PageName = m ? 'submission' : indicator ? 'indicator' : pathPart.startsWith('/danh-muc/') ? 'catalog' : (BY_PATH.get(pathPart) ?? 'board');
  return {
    page,
    ...(m ? { id: Number(m[1]) } : {}),
    ...(ky ? { ky } : {}),
    ...(page === 'setup' && code ? { code } : {}),
  };
}

/** The hash of a route ("#/nhac-nop?ky=2023-uoc"): the inverse of parseRoute. */
export function routeHash(r: Route): string {
  const p = r.page === 'submission' ? `/ban-nop/${r.id ?? 0}` : r.page === 'indicator' ? PAGE_PATH.overview : PAGE_PATH[r.page];
  const params = new URLSearchParams();
  if (r.page === 'setup' && r.code) params.set('ma', r.code);
  if (r.ky) params.set('ky', r.ky);
  const q = params.toString();
  return `#${p}${q ? `?${q}` : ''}`;
}

/** A link to `page` keeping the chosen period. */
export function pageHref(page: Exclude<PageName, 'submission' | 'indicator'>, ky: string | undefined): string {
  return routeHash({ page, ...(ky ? { ky } : {}) });
}

/** A link to a submission (it is of its own period; the period is kept for the way back). */
export function submissionHref(id: number, ky: string | undefined): string {
  return routeHash({ page: 'submission', id, ...(ky ? { ky } : {}) });
}

/**
 * The address after choosing another period in the header: the same page with `ky` (a
 * submission, which belongs to one period, gives way to the board of the period chosen).
 */
export function withPeriod(r: Route, ky: string): string {
  const page = r.page === 'submission' || r.page === 'setup' || r.page === 'password' ? 'board' : r.page === 'indicator' ? 'overview' : r.page;
  return routeHash({ page, ky });
}

/** `?period=…` for the API, or "" when the current period is meant. */
export function periodQuery(period: string | undefined, more: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  if (period) params.set('period', period);
  for (const [k, v] of Object.entries(more)) if (v) params.set(k, v);
  const q = params.toString();
  return q ? `?${q}` : '';
}
