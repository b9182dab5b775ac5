/**
 * A new year's catalogue against the previous one, for the planning office before it sends out
 * the templates (`phuluc catalog check NEW --previous OLD`): indicators that disappear, change
 * their unit of measure (the two years' figures then no longer compare) or change the unit that
 * reports them. Every line is Vietnamese and names the indicator.
 */
import type { Catalog, Indicator } from './catalog.ts';

export interface CatalogChange {
  /** The indicator's code (the same indicator keeps its code across years). */
  code: string;
  message: string;
}

/** "Tr. đồng/ người/ năm" and "tr. đồng/người/năm" are the same unit. */
function sameUnit(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLocaleLowerCase('vi')
      .normalize('NFC')
      .replace(/[\s\u00a0\u202f]+/g, '');
  return norm(a) === norm(b);
}

function sameName(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLocaleLowerCase('vi')
      .normalize('NFC')
      .replace(/[\s\u00a0\u202f]+/g, ' ')
      .trim();
  return norm(a) === norm(b);
}

function unitName(c: Catalog, code: string): string {
  return c.units.find((u) => u.code === code)?.name ?? code;
}

function label(ind: Indicator, year: number): string {
  return `Chỉ tiêu “${ind.name}” (mã ${ind.code}, số TT ${ind.stt} năm ${year})`;
}

/** What changed from `previous` to `next` that the planning office should look at, in `previous`'s order. */
export function compareCatalogs(previous: Catalog, next: Catalog): CatalogChange[] {
  const out: CatalogChange[] = [];
  const byCode = new Map(next.indicators.map((i) => [i.code, i]));
  const previousCodes = new Set(previous.indicators.map((i) => i.code));
  const added = next.indicators.filter((i) => !previousCodes.has(i.code));
  for (const old of previous.indicators) {
    const now = byCode.get(old.code);
    if (!now) {
      const twin = added.find((i) => sameName(i.name, old.name));
      const hint = twin
        ? ` Danh mục năm ${next.year} có chỉ tiêu cùng tên với mã ${twin.code}: nếu là cùng một chỉ tiêu, hãy giữ mã ${old.code} để số liệu các năm nối tiếp được.`
        : ` Nếu chỉ tiêu vẫn được giao, hãy thêm lại với mã ${old.code}; nếu đã bỏ, không cần làm gì.`;
      out.push({ code: old.code, message: `${label(old, previous.year)} không còn trong danh mục năm ${next.year}.${hint}` });
      continue;
    }
    if (!sameUnit(old.unit, now.unit)) {
      out.push({
        code: old.code,
        message: `${label(now, next.year)} đổi đơn vị tính từ “${old.unit}” (năm ${previous.year}) sang “${now.unit}” (năm ${next.year}): số liệu hai năm không so sánh trực tiếp được. Hãy kiểm tra kế hoạch, giới hạn và số chữ số thập phân theo đơn vị mới.`,
      });
    }
    if (old.owner !== now.owner) {
      out.push({
        code: old.code,
        message: `${label(now, next.year)} đổi đơn vị phụ trách từ ${unitName(previous, old.owner)} sang ${unitName(next, now.owner)}: biểu mẫu của chỉ tiêu này sẽ gửi cho đơn vị mới.`,
      });
    }
  }
  return out;
}
