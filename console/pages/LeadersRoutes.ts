/**
 * The addresses of the leaders' pages (hash routes, as the rest of the console): the overview
 * #/tong-quan?nam=2023&ky=2023-uoc, one indicator #/chi-tieu/THU_NS, the report #/bao-cao?ky=2023-uoc,
 * and the board as a leader's menu names it (#/ is a leader's overview).
 */

export type LeadersRoute = { page: 'overview'; year?: number; period?: string } | { page: 'indicator'; code: string } | { page: 'report'; period?: string };

/** The leaders' pages' addresses: #/tong-quan?nam=2023&ky=2023-uoc, #/chi-tieu/THU_NS, #/bao-cao?ky=2023-uoc. */
export function leadersRoute(h: string): LeadersRoute | undefined {
  const [p, q = ''] = h.split('?');
  const params = new URLSearchParams(q);
  const period = /^\d{4}-(6t|9t|uoc|nam)$/.test(params.get('ky') ?? '') ? params.get('ky')! : undefined;
  if (p === '/tong-quan') {
    const year = /^\d{4}$/.test(params.get('nam') ?? '') ? Number(params.get('nam')) : undefined;
    return { page: 'overview', ...(year ? { year } : {}), ...(period ? { period } : {}) };
  }
  const m = /^\/chi-tieu\/([A-Z][A-Z0-9_]{0,63})$/.exec(p);
  if (m) return { page: 'indicator', code: m[1] };
  if (p === '/bao-cao') return { page: 'report', ...(period ? { period } : {}) };
  return undefined;
}

export function overviewHref(o: { year?: number; period?: string } = {}): string {
  const q = new URLSearchParams();
  if (o.year) q.set('nam', String(o.year));
  if (o.period) q.set('ky', o.period);
  const s = q.toString();
  return `#/tong-quan${s ? `?${s}` : ''}`;
}

export const indicatorHref = (code: string) => `#/chi-tieu/${code}`;
export const reportHref = (period?: string) => `#/bao-cao${period ? `?ky=${period}` : ''}`;
