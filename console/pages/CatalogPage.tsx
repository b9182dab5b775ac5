/**
 * “Danh mục chỉ tiêu” (#/danh-muc, a draft at #/danh-muc/<năm>): the year's catalogue made in the
 * browser, for the planning office and the administrator (issue 22). Loaded on demand, in a chunk
 * of its own (console/App.tsx), so the console's first page does not carry the editor.
 */
import { useEffect, useState } from 'react';
import type { ConsoleSession } from '../../shared/console-api.ts';
import { DraftEditor } from '../catalog/DraftEditor.tsx';
import { Overview } from '../catalog/Overview.tsx';

/** The year of a draft the address names (#/danh-muc/2025), else undefined (the overview). */
export function draftYear(hash: string): number | undefined {
  const m = /^#?\/danh-muc\/(\d{4})(?:[/?].*)?$/.exec(hash);
  return m ? Number(m[1]) : undefined;
}

export default function CatalogPage({ session }: { session: ConsoleSession }) {
  const [year, setYear] = useState(() => draftYear(window.location.hash));
  useEffect(() => {
    const on = () => setYear(draftYear(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return year === undefined ? <Overview /> : <DraftEditor key={year} year={year} session={session} />;
}
