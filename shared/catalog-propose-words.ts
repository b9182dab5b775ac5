/**
 * The words a resolution's list of targets is read with (catalog-propose.ts): text folded for
 * comparison, units of measure as resolutions print them, the words around a figure that give
 * its meaning, the subjects whose figure is better lower, and the fields of work that point to a
 * reporting unit. Data and small pure helpers only.
 */

import { fold as foldText } from './fold.ts';

/**
 * Text as compared (shared/fold.ts), character for character: the same length as the NFC text, so
 * an offset in one is an offset in the other.
 */
export function fold(text: string): string {
  return foldText(text.normalize('NFC'));
}

/** Folded, with punctuation other than “/” made spaces and runs of spaces collapsed: a key for names. */
export function nameKey(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}/%]+/gu, ' ')
    .trim();
}

/** A name without its parenthesised parts (“Tỷ lệ hộ nghèo (theo tiêu chí mới)” → “Tỷ lệ hộ nghèo”). */
export function withoutParentheses(text: string): string {
  let s = text;
  for (let i = 0; i < 3; i++) s = s.replace(/\([^()]*\)/g, ' ');
  return s.replace(/\s+/g, ' ').trim();
}

/** The syllables of a text, folded, punctuation dropped. */
export function syllables(text: string): string[] {
  return nameKey(text).split(' ').filter(Boolean);
}

/** Whether `phrase` occurs in `text` as whole words (both folded, punctuation ignored). */
export function containsPhrase(text: string, phrase: string): boolean {
  const t = ` ${nameKey(text)} `;
  const p = nameKey(phrase);
  return p.length > 0 && t.includes(` ${p} `);
}

/** Dice coefficient of two texts' syllable pairs: 1 for the same words in the same order, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const pairs = (s: string) => {
    const w = syllables(s);
    const out: string[] = [];
    for (let i = 0; i + 1 < w.length; i++) out.push(`${w[i]} ${w[i + 1]}`);
    return out;
  };
  const pa = pairs(a);
  const pb = pairs(b);
  if (!pa.length || !pb.length) return 0;
  const left = new Map<string, number>();
  for (const p of pa) left.set(p, (left.get(p) ?? 0) + 1);
  let shared = 0;
  for (const p of pb) {
    const n = left.get(p) ?? 0;
    if (n > 0) {
      shared++;
      left.set(p, n - 1);
    }
  }
  return (2 * shared) / (pa.length + pb.length);
}

/** The first letter in upper case (“thu nhập …” → “Thu nhập …”). */
export function capitalize(text: string): string {
  const m = /^[\s“"'(]*(\p{L})/u.exec(text);
  if (!m) return text;
  m.index = m[0].length - 1;
  return text.slice(0, m.index) + text[m.index].toLocaleUpperCase('vi') + text.slice(m.index + 1);
}

/** A code from a name: “Phường hoàn thành các tiêu chí …” → “PHUONG_HOAN_THANH_TIEU_CHI”. */
export function codeFrom(name: string, taken: Set<string>): string {
  const stop = new Set(['CAC', 'VA', 'CUA', 'CO', 'DE', 'THE', 'TREN', 'DUOI', 'DAT', 'TY', 'LE', 'SO', 'NHUNG', 'VOI', 'TAI', 'THEO', 'GIAI', 'DOAN', 'NAM']);
  const words = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w && !stop.has(w) && !/^\d+$/.test(w));
  let base = '';
  for (const w of words) {
    if (base && (base + '_' + w).length > 24) break;
    base = base ? `${base}_${w}` : w;
  }
  if (!base || !/^[A-Z]/.test(base)) base = `CHI_TIEU${base ? `_${base}` : ''}`;
  let code = base;
  for (let i = 2; taken.has(code); i++) code = `${base}_${i}`;
  taken.add(code);
  return code;
}

// ---------------------------------------------------------------------------------------------
// Units of measure.

/** Money: the word before “đồng” and its size in triệu đồng. */
export const MONEY_SCALE: Record<string, number> = { nghìn: 0.001, ngàn: 0.001, triệu: 1, tr: 1, tỷ: 1000 };

/**
 * Units as resolutions print them after a figure, folded, longest first within a kind. A count
 * noun (“trường”, “phường, xã”) may begin the rest of a name (“02 trường đạt chuẩn …”); a measure
 * (“ha”, “tấn”) or money never does.
 */
export const COUNT_NOUNS = [
  'thôn, tổ dân phố',
  'thôn/tổ dân phố',
  'thôn, tdp',
  'phường, xã',
  'phường/xã',
  'xã, phường',
  'xã/phường',
  'xã, thị trấn',
  'xã/thị trấn',
  'tổ dân phố',
  'khu dân cư',
  'thị trấn',
  'phường',
  'xã',
  'thôn',
  'làng',
  'bản',
  'khối phố',
  'tdp',
  'hộ gia đình',
  'hộ nghèo',
  'hộ',
  'gia đình',
  'người',
  'lao động',
  'học sinh',
  'sinh viên',
  'trẻ em',
  'trẻ',
  'bác sĩ',
  'giường bệnh',
  'trạm y tế',
  'trường học',
  'trường',
  'nhà văn hóa',
  'nhà ở',
  'nhà',
  'căn nhà',
  'căn',
  'công trình',
  'dự án',
  'doanh nghiệp',
  'hợp tác xã',
  'tổ hợp tác',
  'cơ sở',
  'cơ quan',
  'đơn vị',
  'tiêu chí',
  'sản phẩm ocop',
  'sản phẩm',
  'mô hình',
  'câu lạc bộ',
  'tuyến đường',
  'tuyến',
  'điểm',
  'lượt khách',
  'lượt người',
  'lượt',
  'thuê bao',
  'con',
  'cây',
  'chiếc',
  'vụ',
  'đối tượng',
  'hồ sơ',
  'thủ tục',
  'chợ',
  'cụm công nghiệp',
  'khu',
  'di tích',
  'lớp',
  'phòng học',
  'giáo viên',
  'cán bộ',
  'tân binh',
  'đảng viên',
] as const;

export const MEASURES = [
  'km2',
  'km²',
  'km',
  'ha',
  'héc-ta',
  'hecta',
  'm2',
  'm²',
  'm3',
  'm³',
  'mét',
  'm',
  'tấn',
  'tạ',
  'kg',
  'lít',
  'mw',
  'kwh',
  'usd',
  'triệu usd',
  'nghìn tấn',
  'vạn',
  '‰',
  'phần nghìn',
] as const;

/** Units printed lower case (symbols); every other unit is written with a capital, as the appendix does (“Tấn”, “Người”). */
const LOWER_UNITS = new Set(['ha', 'km', 'km2', 'km²', 'm', 'm2', 'm²', 'm3', 'm³', 'kg', 'kwh', 'mw', '%']);

/** A unit written the way the appendix writes it: “ha”, “%”, “Tấn”, “Triệu đồng”, “Tr. đồng/ người/ năm” stays as given. */
export function unitSpelling(printed: string): string {
  const u = printed
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(?<![\p{L}])([tT])ỉ(?=\s*đồng)/u, '$1ỷ');
  if (LOWER_UNITS.has(fold(u))) return fold(u) === 'kwh' ? 'kWh' : fold(u) === 'mw' ? 'MW' : fold(u);
  return capitalize(u);
}

/**
 * A key under which two spellings of a unit are the same: folded, without spaces, “,” as “/”,
 * “tr.” as “triệu” before “đồng”, “ngàn” as “nghìn”, “héc-ta” as “ha”.
 */
export function unitKey(unit: string): string {
  return fold(unit)
    .replace(/\s+/g, '')
    .replace(/,/g, '/')
    .replace(/^tr\.?(?=đồng)/, 'triệu')
    .replace(/^ngàn(?=đồng)/, 'nghìn')
    .replace(/^(héc-ta|hecta)$/, 'ha')
    .replace(/^thôn\/tdp$/, 'thôn/tổdânphố')
    .replace(/^xã\/phường$/, 'phường/xã');
}

/** Money units: the size of one unit in triệu đồng and what follows (“/người/năm”), or undefined. */
export function moneyUnit(unit: string): { scale: number; per: string } | undefined {
  const m = /^(nghìn|ngàn|triệu|tr\.?|tỷ)đồng(.*)$/.exec(unitKey(unit));
  if (!m) return undefined;
  const word = m[1].replace('.', '');
  return { scale: MONEY_SCALE[word], per: m[2] };
}

/** A unit that is a share (0–100): “%”, “tỷ lệ”. */
export function isShare(unit: string): boolean {
  const k = unitKey(unit);
  return k === '%' || k === 'tỷlệ' || k === 'tỷlệ%';
}

// ---------------------------------------------------------------------------------------------
// What the words before and after a figure say.

/** What a qualifier word says about the figure after it. */
export type QualifierSense =
  | 'min' // “trên”, “tối thiểu”: at least, higher is better
  | 'max' // “dưới”, “không quá”: at most, lower is better
  | 'downTo' // “giảm còn”, “còn”: the level after a decrease, lower is better
  | 'up' // “tăng”: a growth, higher is better
  | 'down' // “giảm” (without “còn”): the size of a decrease, not a level
  | 'add' // “có thêm”, “tăng thêm”: how many more in the year
  | 'noneLeft' // “không còn”
  | 'approx' // “khoảng”, “gần”
  | 'relative' // “bằng”, “vượt”: against another figure
  | 'maintain' // “duy trì”, “giữ vững”
  | 'reach'; // “đạt”, “là”, “ở mức”, “có”: says nothing of direction

/** Qualifier phrases (folded), longest first: matched as whole words just before the figure. */
export const QUALIFIERS: readonly (readonly [string, QualifierSense])[] = [
  ['giảm xuống còn', 'downTo'],
  ['không vượt quá', 'max'],
  ['giảm bình quân', 'down'],
  ['tăng bình quân', 'up'],
  ['giữ ổn định', 'maintain'],
  ['không thấp hơn', 'min'],
  ['không cao hơn', 'max'],
  ['không nhỏ hơn', 'min'],
  ['không lớn hơn', 'max'],
  ['giảm còn', 'downTo'],
  ['giảm xuống', 'downTo'],
  ['xuống còn', 'downTo'],
  ['không quá', 'max'],
  ['không dưới', 'min'],
  ['không còn', 'noneLeft'],
  ['tối thiểu', 'min'],
  ['tối đa', 'max'],
  ['ít nhất', 'min'],
  ['cao hơn', 'min'],
  ['lớn hơn', 'min'],
  ['thấp hơn', 'max'],
  ['nhỏ hơn', 'max'],
  ['tăng thêm', 'add'],
  ['có thêm', 'add'],
  ['tăng trưởng', 'up'],
  ['duy trì', 'maintain'],
  ['giữ vững', 'maintain'],
  ['xấp xỉ', 'approx'],
  ['ổn định', 'maintain'],
  ['ở mức', 'reach'],
  ['phấn đấu', 'reach'],
  ['bình quân', 'reach'],
  ['đạt tỷ lệ', 'reach'],
  ['đạt mức', 'reach'],
  ['trên', 'min'],
  ['hơn', 'min'],
  ['≥', 'min'],
  ['>', 'min'],
  ['>=', 'min'],
  ['dưới', 'max'],
  ['≤', 'max'],
  ['<', 'max'],
  ['<=', 'max'],
  ['còn', 'downTo'],
  ['xuống', 'downTo'],
  ['tăng', 'up'],
  ['giảm', 'down'],
  ['thêm', 'add'],
  ['khoảng', 'approx'],
  ['gần', 'approx'],
  ['ước', 'approx'],
  ['bằng', 'relative'],
  ['vượt', 'relative'],
  ['đạt', 'reach'],
  ['là', 'reach'],
  ['mức', 'reach'],
  ['có', 'reach'],
  ['chiếm', 'reach'],
  ['cho', 'reach'],
  ['tăng lên', 'up'],
  ['lên', 'reach'],
  ['lên tới', 'reach'],
  ['lên mức', 'reach'],
  ['từ', 'reach'],
  ['được', 'reach'],
];

/** Words after a figure that say which way it goes (“95% trở lên”). */
export const AFTER_QUALIFIERS: readonly (readonly [string, QualifierSense])[] = [
  ['trở lên', 'min'],
  ['trở xuống', 'max'],
  ['trở lại', 'max'],
];

/**
 * Subjects whose figure is better lower (folded phrases): a bare figure of one of these (“tỷ lệ
 * trẻ em suy dinh dưỡng 8%”) is read as a ceiling, and always asked about.
 */
export const LOWER_IS_BETTER = [
  'hộ nghèo',
  'hộ cận nghèo',
  'nghèo đa chiều',
  'suy dinh dưỡng',
  'thấp còi',
  'thất nghiệp',
  'bỏ học',
  'tai nạn',
  'tội phạm',
  'phạm pháp',
  'lưu ban',
  'không hợp vệ sinh',
  'ma túy',
  'cháy',
  'ô nhiễm',
  'tăng dân số tự nhiên',
  'sinh con thứ 3',
  'sinh con thứ ba',
  'mất cân bằng giới tính',
  'tỷ số giới tính khi sinh',
  'nợ đọng',
  'nợ thuế',
  'tồn đọng',
  'chậm muộn',
  'trễ hạn',
  'quá hạn',
  'khiếu nại',
  'khiếu kiện',
  'vi phạm',
  'tử vong',
  'nhà tạm',
  'dột nát',
  'lạm phát',
  'chỉ số giá',
  'mù chữ',
  'tảo hôn',
  'ngộ độc',
  'dịch bệnh',
  'thiệt hại',
  'thất thoát',
  'chi phí',
  'tỷ lệ sinh',
] as const;

/** Whether the subject is one whose figure is better lower. */
export function lowerIsBetterSubject(text: string): string | undefined {
  return LOWER_IS_BETTER.find((p) => containsPhrase(text, p));
}

// ---------------------------------------------------------------------------------------------
// Who reports what: fields of work (folded phrases in an indicator's name) and words of the name
// of the unit that usually reports them. Only a suggestion for a new indicator, always asked about.

export const OWNER_TOPICS: readonly (readonly [readonly string[], readonly string[]])[] = [
  [['bảo hiểm y tế', 'bảo hiểm xã hội', 'bảo hiểm thất nghiệp', 'bhyt', 'bhxh'], ['bảo hiểm xã hội']],
  [['y tế', 'bác sĩ', 'giường bệnh', 'tiêm chủng', 'suy dinh dưỡng', 'dân số', 'an toàn thực phẩm', 'khám chữa bệnh', 'trạm y tế'], ['y tế']],
  [['trường', 'giáo dục', 'học sinh', 'phổ cập', 'mầm non', 'tiểu học', 'trung học'], ['giáo dục']],
  [['việc làm', 'lao động', 'hộ nghèo', 'cận nghèo', 'người có công', 'đào tạo nghề', 'an sinh', 'bảo trợ xã hội'], ['lao động']],
  [
    [
      'văn hóa',
      'văn minh',
      'gia đình',
      'thôn',
      'tổ dân phố',
      'thể thao',
      'du lịch',
      'thông tin',
      'thuê bao',
      'internet',
      'băng rộng',
      'chuyển đổi số',
      'di tích',
    ],
    ['văn hóa'],
  ],
  [['thu ngân sách', 'thuế', 'nộp ngân sách'], ['thuế']],
  [
    ['chi ngân sách', 'vốn đầu tư', 'đầu tư công', 'giải ngân'],
    ['tài chính - kế hoạch', 'kế hoạch', 'tài chính'],
  ],
  [['giá trị sản xuất', 'thu nhập bình quân', 'tăng trưởng', 'grdp', 'cơ cấu kinh tế', 'tỷ trọng'], ['thống kê']],
  [
    [
      'gieo trồng',
      'lương thực',
      'sản lượng',
      'chăn nuôi',
      'nông thôn mới',
      'ocop',
      'thủy sản',
      'rừng',
      'nông nghiệp',
      'công nghiệp',
      'thương mại',
      'doanh nghiệp',
      'hợp tác xã',
    ],
    ['kinh tế', 'nông nghiệp'],
  ],
  [
    ['chất thải', 'rác', 'môi trường', 'nước sạch', 'đất đai', 'sử dụng đất'],
    ['tài nguyên và môi trường', 'môi trường'],
  ],
  [
    ['giao thông', 'mật độ đường', 'đô thị', 'xây dựng', 'chiếu sáng', 'cây xanh', 'quy hoạch', 'nhà ở'],
    ['quản lý đô thị', 'hạ tầng', 'kinh tế'],
  ],
  [['quân sự', 'quốc phòng', 'tuyển quân', 'dân quân', 'sẵn sàng chiến đấu', 'giao quân'], ['quân sự']],
  [['an ninh', 'trật tự', 'tội phạm', 'ma túy', 'tai nạn giao thông', 'cháy nổ'], ['công an']],
  [
    ['cán bộ', 'công chức', 'cải cách hành chính', 'dịch vụ công', 'hành chính', 'công sở', 'cơ quan'],
    ['nội vụ', 'văn phòng'],
  ],
  [['tư pháp', 'pháp luật', 'hòa giải', 'hộ tịch'], ['tư pháp']],
];
