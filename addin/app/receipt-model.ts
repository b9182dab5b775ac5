/** Pure formatting for the submission receipt and the server's problems (tested in Node). */
import { findPeriod, printedDate, type Catalog } from '../../shared/catalog.ts';
import { SHEET_NAME } from '../../shared/layout.ts';
import type { Receipt, ServerProblem } from './intake.ts';

/** "14:05:33 ngày 12/11/2023", Vietnam time (UTC+7) whatever the machine's zone. */
export function timeVi(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const vn = new Date(t + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(vn.getUTCHours())}:${two(vn.getUTCMinutes())}:${two(vn.getUTCSeconds())} ngày ${printedDate(vn.toISOString().slice(0, 10))}`;
}

/** "3f2a9c1b…88e4d0a1": enough to compare by eye; the full hash is copied. */
export function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash;
}

export interface ReceiptView {
  id: string;
  time: string;
  unit: string;
  period: string;
  fileName: string;
  sha256: string;
  shortSha: string;
  late: boolean;
  lateLabel: 'Đúng hạn' | 'Nộp muộn';
  statusLabel: 'Đã nhận' | 'Bị từ chối';
}

export function receiptView(r: Receipt, catalog?: Catalog): ReceiptView {
  const period = r.period ? (catalog && findPeriod(catalog, r.period)?.header) ?? r.period : '—';
  return {
    id: String(r.id),
    time: `${timeVi(r.receivedAt)} (giờ Việt Nam)`,
    unit: r.unitName ?? r.unit ?? '—',
    period,
    fileName: r.fileName,
    sha256: r.sha256,
    shortSha: shortHash(r.sha256),
    late: r.late,
    lateLabel: r.late ? 'Nộp muộn' : 'Đúng hạn',
    statusLabel: r.status === 'accepted' ? 'Đã nhận' : 'Bị từ chối',
  };
}

export interface LinkedProblem {
  /** The template cell to select ("G6"), when the problem has one on the template sheet. */
  address?: string;
  /** Where, in words ("Ô G6" / "Trang “X”, ô B2"), or "" when nowhere in particular. */
  place: string;
  message: string;
}

/** A server problem ({sheet, cell, message}) → what the list shows and the cell to select. */
export function linkServerProblem(p: ServerProblem): LinkedProblem {
  const cell = p.cell && /^[A-Z]{1,3}[1-9]\d*$/i.test(p.cell) ? p.cell.toUpperCase() : undefined;
  if (cell && (!p.sheet || p.sheet === SHEET_NAME)) return { address: cell, place: `Ô ${cell}`, message: p.message };
  if (p.sheet) return { place: cell ? `Trang “${p.sheet}”, ô ${cell}` : `Trang “${p.sheet}”`, message: p.message };
  return { place: p.cell ? `Ô ${p.cell}` : '', message: p.message };
}
