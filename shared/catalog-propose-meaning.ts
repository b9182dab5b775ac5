/**
 * What one target of a resolution's list means (catalog-propose-row.ts makes a row of it), read
 * against last year's indicator where the target continues one: the target (kind, direction,
 * figures), the plan printed as the appendix prints plans, the unit and the format of the actual
 * figure, whether it is a level or a total, a growth or a decrease; and, wherever the words do not
 * settle it, a Vietnamese reason for a person to decide (`needsReview`) or a note.
 */
import type { Indicator } from './catalog.ts';
import type { ReviewPoint } from './catalog-draft.ts';
import type { TargetRead } from './catalog-propose-read.ts';
import { capitalize, fold, isShare, lowerIsBetterSubject } from './catalog-propose-words.ts';
import { formatNumberVi } from './numbers.ts';
import { parseTarget, type Direction, type Target } from './target.ts';

interface Meaning {
  target: Target;
  /** The plan printed as the appendix prints plans (“Trên 70”, “> 97”, “Giảm còn dưới 1,8%”, “52/52”). */
  plan: string;
  unit?: string;
  actualFormat?: string;
  measure: 'total' | 'level';
  /** A growth or decrease figure (bounds −100…1000 for a percentage). */
  change: boolean;
  reasons: ReviewPoint[];
  notes: string[];
}

const same = (a: Target, b: Target) => JSON.stringify(a) === JSON.stringify(b);

/** A clause as a reason quotes it (a table row's cells joined by “ · ”). */
export function quote(t: TargetRead): string {
  return `“${t.clause.replace(/\t+/g, ' · ')}”`;
}

/** The number as the plan prints it: as written (“02”, “1.600”), or the Vietnamese way if written with a decimal point. */
function printed(t: TargetRead): string {
  const f = t.figure!;
  if (f.shape === 'single') return f.pointDecimal ? formatNumberVi(f.value) : f.printed;
  return f.printed
    .replace(/\s+/g, '')
    .replace(/đến|tới/, '-')
    .replace(/%/g, '')
    .replace(/dân$/, ' dân');
}

/** What a target means, against last year's indicator when it continues one (see the module comment). */
export function meaningOf(read: TargetRead, prev: Indicator | undefined, year: number): Meaning {
  let t = read;
  const reasons: ReviewPoint[] = [];
  const notes: string[] = [];
  const s = new Set(t.senses);
  const fig = t.figure;
  if (t.complete) {
    reasons.push({
      field: 'target',
      reason: `Nghị quyết không ghi con số (${quote(t)}): đề xuất hiểu “hoàn thành” là 100%. Hãy xác nhận, hoặc ghi con số cụ thể và đơn vị tính.`,
    });
    return { target: { kind: 'threshold', direction: 'higher', value: 100 }, plan: '100', unit: '%', measure: 'total', change: false, reasons, notes };
  }
  if (t.noneLeft) {
    if (!t.unit) reasons.push({ field: 'unit', reason: `Chưa rõ đơn vị tính của ${quote(t)}: hãy ghi đơn vị (ví dụ Hộ, Nhà).` });
    return { target: { kind: 'threshold', direction: 'lower', value: 0 }, plan: '0', measure: 'level', change: false, reasons, notes };
  }
  if (!fig) {
    reasons.push({
      field: 'target',
      reason: `Nghị quyết không ghi con số cho ${quote(t)}: hãy ghi kế hoạch (con số) và đơn vị tính, hoặc bỏ dòng (“omit”) nếu không theo dõi.`,
    });
    return {
      target: { kind: 'none', reason: 'Nghị quyết không ghi con số để đánh giá.' },
      plan: t.clause.slice(0, 200) || '—',
      measure: 'total',
      change: false,
      reasons,
      notes,
    };
  }
  const hasMin = s.has('min');
  const hasMax = s.has('max') || s.has('downTo');
  const pctShown = fig.percent || t.unit === '%' ? '%' : '';
  // A name that is itself a decrease or an increase (“Giảm tỷ lệ sinh con thứ 3 …”, “Mức tăng thu ngân sách”), with nothing else said.
  const verbName =
    !hasMin && !hasMax && !s.has('up') && !s.has('down') && !s.has('add') ? /^(?:mức\s+)?(giảm|tăng)(?![\p{L}])/u.exec(fold(t.name))?.[1] : undefined;
  // “Tăng tỷ lệ che phủ rừng lên 45%”: the level to reach, not a growth of 45%.
  const upTo = verbName === 'tăng' && /(?:^|\s)lên(?: mức| tới)?$/u.test(fold(t.qualifier));
  const down = (s.has('down') && !s.has('downTo')) || verbName === 'giảm';
  const up = s.has('up') || (verbName === 'tăng' && !upTo);
  const add = s.has('add');
  let direction: Direction | undefined;
  let explicit = false;
  if (hasMin && hasMax) {
    reasons.push({
      field: 'target',
      reason: `${quote(t)} có cả từ chỉ mức sàn và mức trần (“${t.qualifier}”): hãy chọn chiều đánh giá (càng cao càng tốt hay càng thấp càng tốt).`,
    });
  } else if (up) {
    direction = hasMax ? 'lower' : 'higher';
    explicit = true;
  } else if (add || hasMin || upTo) {
    direction = 'higher';
    explicit = true;
  } else if (hasMax) {
    direction = 'lower';
    explicit = true;
  }
  if (down) {
    direction = 'higher';
    explicit = true;
    const aside = t.aside ? ` Nghị quyết ghi thêm ${t.aside}: có thể theo dõi con số đó (càng nhiều càng tốt) thay cho tỷ lệ.` : '';
    reasons.push({
      field: 'target',
      reason: `${quote(t)} là mức giảm so với năm trước, không phải mức cần đạt: đề xuất theo dõi mức giảm ${fig.shape === 'range' ? `từ ${formatNumberVi(fig.value)} đến ${formatNumberVi(fig.max!)}` : formatNumberVi(fig.value)}${pctShown} (số liệu nhập là mức đã giảm, càng lớn càng tốt). Nếu nghị quyết muốn mức còn lại, hãy ghi “Giảm còn …”.${aside}`,
    });
  } else if (t.aside) {
    reasons.push({
      field: 'target',
      reason: `Trong ngoặc có thêm con số ${t.aside} bên cạnh ${printed(t)}${pctShown}: hãy chọn con số theo dõi (và đơn vị tính tương ứng).`,
    });
  }
  const subject = lowerIsBetterSubject(t.name || t.clause);
  if (!explicit && fig.shape !== 'range') {
    const prevDir = prev && 'direction' in prev.target ? prev.target.direction : undefined;
    if (prevDir) {
      direction = prevDir;
      if (prev!.target.kind === 'maintain' && !t.maintain) {
        t = { ...t, maintain: true };
        notes.push(`Chỉ tiêu năm ${year - 1} là chỉ tiêu duy trì (“${prev!.plan}”): giữ cách đánh giá đó (đạt hoặc không đạt, không tính vượt).`);
      }
      notes.push(
        `Nghị quyết chỉ ghi con số; chiều đánh giá (${prevDir === 'higher' ? 'càng cao càng tốt' : 'càng thấp càng tốt'}) theo chỉ tiêu năm ${year - 1}.`,
      );
    } else if (subject) {
      direction = 'lower';
      reasons.push({
        field: 'target',
        reason: `Nghị quyết chỉ ghi con số ${printed(t)}${pctShown}, không ghi “trên”, “dưới”; “${subject}” thường càng thấp càng tốt nên đề xuất là mức trần (vượt kế hoạch khi thấp hơn). Hãy xác nhận chiều đánh giá.`,
      });
    } else {
      direction = 'higher';
      // Spending (“Tổng chi ngân sách 45 tỷ đồng”): whether less is better depends on the domain.
      const spending = /^(?:tổng\s+)?chi(?![\p{L}])/u.test(fold(t.name));
      if (!prev && (fig.percent || !t.unit || isShare(t.unit) || spending)) {
        reasons.push({
          field: 'target',
          reason: `Nghị quyết chỉ ghi con số ${printed(t)}${pctShown}, không ghi “trên”, “dưới”: đề xuất càng cao càng tốt (vượt kế hoạch khi cao hơn). Hãy xác nhận chiều đánh giá.`,
        });
      }
    }
  } else if (!explicit && fig.shape === 'range' && !down) {
    // A range is assessed as “higher is better” above its top (shared/assess.ts): never for a ceiling unasked.
    const prevDir = prev && 'direction' in prev.target ? prev.target.direction : undefined;
    const why = subject ? `“${subject}” thường càng thấp càng tốt` : prevDir === 'lower' ? `năm ${year - 1} chỉ tiêu này càng thấp càng tốt` : undefined;
    if (why) reasons.push({ field: 'target', reason: rangeCeiling(t, why) });
  } else if (explicit && direction && fig.shape === 'range' && direction === 'lower' && !down && !up) {
    // “giảm còn 1,5 - 2%”, “dưới 6 - 7%”: the words say lower is better, a range says the opposite above its top.
    reasons.push({ field: 'target', reason: rangeCeiling(t, `nghị quyết ghi “${t.qualifier}”`) });
  } else if (explicit && direction) {
    const prevDir = prev && 'direction' in prev.target ? prev.target.direction : undefined;
    if (prevDir && prevDir !== direction && !down) {
      reasons.push({
        field: 'target',
        reason: `Năm ${year - 1} chỉ tiêu này càng ${prevDir === 'higher' ? 'cao' : 'thấp'} càng tốt, năm nay nghị quyết ghi “${t.qualifier}” (càng ${direction === 'higher' ? 'cao' : 'thấp'} càng tốt): hãy xác nhận chiều đánh giá.`,
      });
    } else if (subject && direction === 'higher' && !down && !up && !add) {
      reasons.push({
        field: 'target',
        reason: `“${subject}” thường càng thấp càng tốt, nhưng nghị quyết ghi “${t.qualifier}” trước con số: hãy xác nhận chiều đánh giá.`,
      });
    }
  }
  if (s.has('approx'))
    reasons.push({
      field: 'target',
      reason: `${quote(t)} ghi “${t.qualifier}” (con số gần đúng): đề xuất coi ${printed(t)} là mức ${direction === 'lower' ? 'trần' : 'sàn'}. Hãy xác nhận.`,
    });
  if (s.has('relative'))
    reasons.push({
      field: 'target',
      reason: `${quote(t)} so với một con số khác (“${t.qualifier}”${t.relativeTo ? `, “${t.relativeTo}”` : ''}): hãy ghi kế hoạch là con số cần đạt, hoặc xác nhận cách đánh giá.`,
    });
  else if (t.relativeTo && !up)
    reasons.push({ field: 'target', reason: `${quote(t)} ghi “${t.relativeTo}”: con số là mức so sánh, hãy xác nhận cách đánh giá.` });
  else if (t.relativeTo && /dự toán|kế hoạch|chỉ tiêu|giao/u.test(fold(t.relativeTo)))
    reasons.push({
      field: 'target',
      reason: `${quote(t)} là mức tăng “${t.relativeTo}”, không phải so với năm trước: hãy ghi kế hoạch là con số cần đạt, hoặc xác nhận cách đánh giá.`,
    });
  else if (t.relativeTo) notes.push(`Mức tăng “${t.relativeTo}”.`);
  // “12,789.8”: the figure read stops where a second separator begins; what it meant is for a person to say.
  const glued = /^[.,]\d+/.exec(t.clause.slice(fig.end));
  if (glued) {
    const whole = `${fig.printed}${glued[0]}`;
    reasons.push({
      field: 'target',
      reason: `Con số “${whole}” viết dấu chấm và dấu phẩy không theo cách viết Việt Nam; đã đọc là ${formatNumberVi(fig.value)}, có thể sai. Hãy sửa kế hoạch cho đúng con số (ví dụ “${whole.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'))}”).`,
    });
  }
  if (fig.pointDecimal)
    reasons.push({
      field: 'target',
      reason: `Con số “${fig.printed}” viết dấu chấm trước phần thập phân; đã đọc là ${formatNumberVi(fig.value)}. Nếu là số hàng nghìn, hãy sửa.`,
    });
  // “1,200 người”: a decimal comma (1,2) or thousands written the English way (1.200)? Never a count, rarely “…,x00”.
  if (!fig.pointDecimal && fig.shape === 'single' && /^\d{1,3},\d{3}$/.test(fig.printed) && (t.unitIsCount || fig.printed.endsWith('0'))) {
    reasons.push({
      field: 'target',
      reason: `Con số “${fig.printed}” đọc là ${formatNumberVi(fig.value)} (dấu phẩy là dấu thập phân)${t.unitIsCount ? `, nhưng số ${t.unit} thường là số nguyên` : ''}: nếu là ${fig.printed.replace(',', '.')} (hàng nghìn), hãy sửa kế hoạch thành ${fig.printed.replace(',', '.')}.`,
    });
  }
  // A table's plan cell with several parts (“Khởi công 08 nhà; sửa chữa, nâng cấp 01-02 nhà”) reads as their sum, as a catalogue's plan does.
  const summed = t.others.length && t.planCell ? parseTarget(t.planCell, { maintain: t.maintain }) : undefined;
  if (summed?.ok)
    reasons.push({
      field: 'target',
      reason: `Kế hoạch “${t.planCell}” có nhiều con số: đọc là tổng các phần (${describeSum(summed.value)}), như danh mục vẫn đọc kế hoạch. Hãy xác nhận, hoặc tách thành nhiều dòng.`,
    });
  else if (t.others.length)
    reasons.push({
      field: 'target',
      reason: `${quote(t)} còn có con số ${t.others.map((o) => `“${o}”`).join(', ')} chưa được đọc thành chỉ tiêu: hãy kiểm tra, và thêm dòng nếu cần.`,
    });
  if (t.from) notes.push(`Nghị quyết ghi mức xuất phát “${t.from}”; kế hoạch là mức cần đạt.`);
  if (t.tail) notes.push(`Phần sau con số “${t.tail}” không đưa vào tên chỉ tiêu.`);
  if (t.dropped) notes.push(`Phần “${t.dropped}” giữa tên và con số không đưa vào tên chỉ tiêu.`);
  if (t.perYear) notes.push('Nghị quyết ghi mức cho mỗi năm; kế hoạch năm nay dùng đúng con số đó.');

  // The target.
  const maintain = t.maintain && !up && !down && !add;
  let target: Target;
  if (summed?.ok) {
    target = summed.value;
  } else if (fig.shape === 'range') {
    target = { kind: 'range', min: fig.value, max: fig.max! };
    if (maintain) notes.push('“Duy trì” với một khoảng: đánh giá như một khoảng (trong khoảng là đạt).');
  } else {
    target = { kind: maintain ? 'maintain' : 'threshold', direction: direction ?? 'higher', value: fig.value };
  }
  const percent = fig.percent || t.unit === '%';
  const num = printed(t);
  const pct = fig.percent ? '%' : '';
  // The plan, as the appendix prints plans; the first that reads back as the target is kept.
  const word = t.qualifier.split(' ').find((w) => ['trên', 'hơn', 'dưới'].includes(fold(w)));
  const orMore = /trở lên$/u.test(fold(t.qualifier));
  const candidatesText: string[] = [];
  if (fig.shape === 'range') candidatesText.push(up ? `Tăng ${num}${pct}` : num);
  else if (fig.shape !== 'single') candidatesText.push(num);
  else if (up) candidatesText.push(orMore && !word ? `Tăng ${num}${pct} trở lên` : `Tăng ${hasMin ? 'trên ' : hasMax ? 'dưới ' : ''}${num}${pct}`);
  else if (s.has('downTo')) candidatesText.push(`Giảm còn ${s.has('max') ? 'dưới ' : ''}${num}${pct}`);
  else if (maintain) {
    const bare = prev?.target.kind === 'maintain' && !/duy trì/i.test(prev.plan);
    const cmp = hasMin ? 'trên ' : hasMax ? 'dưới ' : '';
    candidatesText.push(bare && cmp ? `${capitalize(cmp)}${num}` : `Duy trì ${cmp}${num}`);
  } else if (hasMin && !add) {
    // “trên 97%” → “> 97”, “trên 70 triệu” → “Trên 70” (as the appendix prints plans); “95% trở lên” → “Từ 95 trở lên”; “tối thiểu 50” as written.
    if (word && fold(word) !== 'dưới') candidatesText.push(percent ? `> ${num}` : `Trên ${num}`);
    else if (orMore) candidatesText.push(`Từ ${num} trở lên`);
    else if (/tối thiểu|ít nhất|≥|>/u.test(fold(t.qualifier))) candidatesText.push(capitalize(`${stripSign(t.qualifier)} ${num}`));
  } else if (hasMax) {
    if (fold(word ?? '') === 'dưới') candidatesText.push(`Dưới ${num}`);
    else if (/không quá|tối đa|không vượt quá|≤|</u.test(fold(t.qualifier))) candidatesText.push(capitalize(`${stripSign(t.qualifier)} ${num}`));
    candidatesText.push(`Không quá ${num}`);
  }
  candidatesText.push(num);
  if (summed?.ok) candidatesText.unshift(t.planCell!.replace(/\s+/g, ' ').trim());
  const hints = { maintain: target.kind === 'maintain', direction: 'direction' in target ? target.direction : undefined };
  let plan = candidatesText.find((c) => {
    const r = parseTarget(c, hints);
    return r.ok && same(r.value, target);
  });
  if (!plan) {
    plan = num;
    reasons.push({ field: 'plan', reason: `Kế hoạch “${num}” không đọc lại được đúng ý nghĩa đề xuất: hãy sửa “plan” hoặc “target” cho khớp.` });
  }
  let actualFormat: string | undefined;
  if (fig.shape === 'ratio' && fig.denominator !== undefined) actualFormat = `{}/${fig.printed.split('/')[1].trim()}`;
  else if (fig.shape === 'perCapita') actualFormat = `{}/${fig.per}`;
  else if (up && percent) actualFormat = 'Tăng {}%';
  else if (down && percent) actualFormat = 'Giảm {}%';
  else if (s.has('downTo') && percent) actualFormat = 'Giảm còn {}%';
  const level = percent || fig.shape === 'ratio' || fig.shape === 'perCapita' || maintain || up || s.has('downTo') || (t.unit !== undefined && isShare(t.unit));
  // A growth rate may be negative (“Tốc độ tăng trưởng 10-11%”): its bounds are those of a change.
  const growth = percent && /tốc độ tăng|tăng trưởng/u.test(fold(t.name));
  return {
    target,
    plan,
    unit: percent ? '%' : (t.unit ?? (fig.shape === 'perCapita' ? `/${fig.per}` : undefined)),
    ...(actualFormat ? { actualFormat } : {}),
    measure: level && !add ? 'level' : 'total',
    change: up || down || growth,
    reasons,
    notes,
  };
}

/** Why a range for a target that is lower-is-better needs a person: above its top it would read Vượt KH. */
function rangeCeiling(t: TargetRead, why: string): string {
  const max = formatNumberVi(t.figure!.max!);
  return `${quote(t)} là một khoảng, nhưng ${why}: một khoảng được đánh giá vượt kế hoạch khi số liệu cao hơn ${max}. Hãy đổi kế hoạch thành mức trần (ví dụ “Giảm còn dưới ${max}” hoặc “Dưới ${max}”, càng thấp càng tốt), hoặc xác nhận đánh giá như một khoảng.`;
}

function describeSum(t: Target): string {
  return t.kind === 'range' ? `từ ${formatNumberVi(t.min)} đến ${formatNumberVi(t.max)}` : t.kind === 'none' ? '' : formatNumberVi(t.value);
}

/** “không quá”, “tối thiểu” as printed, without a leading “đạt”. */
function stripSign(q: string): string {
  return q.replace(/^(đạt|là|ở mức|phấn đấu)\s+/iu, '').replace(/\s+(trở lên|trở xuống)$/u, '');
}
