/**
 * The check's result in Vietnamese for the terminal: the findings, each with the draft's sentence and
 * the other places, and what could not be compared, each with why.
 */
import { padCount } from '../../shared/numbers.ts';
import type { Finding, Reading } from './check-types.ts';

/** The findings as Vietnamese lines for the terminal: each with the quoted sentence and the other places. */
export function formatFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'Đã đối chiếu dự thảo với số liệu tổng hợp: không thấy chỗ nào ghi khác số liệu của Phụ lục 1.';
  const lines = [`Đã đối chiếu dự thảo với số liệu tổng hợp: có ${padCount(findings.length)} chỗ cần xem lại.`];
  findings.forEach((f, i) => {
    lines.push('', `${i + 1}. ${f.message}`, `   Câu trong dự thảo: “${f.place.quote}”`);
    if (f.kind === 'figure' && f.others.length) {
      lines.push(`   Chỗ khác trong dự thảo ghi khác: ${f.others.map((o) => `${o.place.label} (“${o.said}”)`).join('; ')}.`);
    }
    for (const x of f.follows ?? []) lines.push(`   Cùng câu, tỷ lệ “${x.said}” tính theo số của dự thảo; theo Phụ lục 1 là “${x.appendix}”.`);
  });
  return lines.join('\n');
}

/** What the check could not compare, for the terminal: one line each, with the reason. */
export function formatUnreadable(readings: Reading[]): string {
  const list = readings.filter((r) => r.status === 'unreadable');
  const n = readings.length - list.length;
  const head = `Đã đối chiếu ${padCount(n)} số liệu của dự thảo với Phụ lục 1.`;
  if (list.length === 0) return head;
  return [
    `${head} Có ${padCount(list.length)} chỗ đọc được nhưng không đối chiếu được:`,
    ...list.map((r) => `  - ${r.place.label}: “${r.said}” — ${r.reason}.`),
  ].join('\n');
}
