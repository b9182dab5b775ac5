/**
 * The glossary's "avoid" words and the formats users must never see (../shared/GLOSSARY.md), as
 * patterns: one list for the pane's tests, the console's and the wording test of the whole product.
 */
export const AVOID: [RegExp, string][] = [
  [/máy chủ/i, '“máy chủ” (hệ thống)'],
  [/SHA-?256/i, 'SHA-256 (mã nhận dạng tệp, behind “Chi tiết”)'],
  [/\bĐừng\b/, '“Đừng…” (Không …)'],
  [/không sao(?! chép)/i, '“không sao”'],
  [/\btoken\b|\binbox\b|\bNaN\b|\bundefined\b|\bnull\b|ENOENT|_phuluc/i, 'an internal word'],
  [/bảng kiểm tra/i, '“bảng kiểm tra” (ngăn kiểm tra)'],
  [/Không đánh giá/, '“Không đánh giá” (Chưa đánh giá)'],
  [/Đang gửi|Chưa gửi|gửi đi|gửi lại/i, '“gửi” for a report (nộp)'],
  [/không được chấp nhận/i, '“không được chấp nhận”'],
  [/BHXH thị xã/, '“BHXH thị xã” (Bảo hiểm xã hội thị xã)'],
  [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'an ISO time'],
  // "2890.4", "1.5", "100,000.5" (Vietnamese thousands "1.721" and decimals "6,45" pass).
  // (Not a piece of an address such as 127.0.0.1.)
  [/\b\d{4,}\.\d+\b|(?<![\d.,])\b\d{1,3}\.\d{1,2}\b(?![.,]?\d)|\b\d{1,3}(?:,\d{3})+\.\d+\b/, 'a number written the English way'],
];

/** "100000" rather than "100.000" (years and 4-digit codes aside: five digits or more). */
export const UNSEPARATED_THOUSANDS: [RegExp, string] = [/(?<![\d.,/A-Za-z_-])\d{5,}(?![\d.,])/, 'a number with unseparated thousands'];

/** Each breach of the glossary in `text`: what it is and the words found. */
export function glossaryBreaches(text: string, extra: [RegExp, string][] = []): string[] {
  return [...AVOID, ...extra].filter(([re]) => re.test(text)).map(([re, what]) => `${what}: “${re.exec(text)![0]}”`);
}
