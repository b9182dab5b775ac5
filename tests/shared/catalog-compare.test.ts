import { describe, expect, it } from 'vitest';
import { compareCatalogs } from '../../shared/catalog-compare.ts';
import { loadCatalog } from '../helpers/catalog.ts';

describe('a new year’s catalogue against the previous one', () => {
  it('2023 → 2024, the real catalogues: two indicators change their unit, none disappears, no owner changes', () => {
    // What it finds: budget revenue moves from tỷ đồng to triệu đồng (the report's "trên 125.000
    // triệu đồng"), and the cultural-houses indicator from a number of houses to a percentage.
    // All 21 indicators of 2023 are still there; the 3 new ones of 2024 are not reported.
    const changes = compareCatalogs(loadCatalog(2023), loadCatalog(2024));
    expect(changes).toEqual([
      {
        code: 'THU_NS',
        message:
          'Chỉ tiêu “Thu ngân sách trên địa bàn” (mã THU_NS, số TT 4 năm 2024) đổi đơn vị tính từ “Tỷ đồng” (năm 2023) sang “Triệu đồng” (năm 2024): số liệu hai năm không so sánh trực tiếp được. Hãy kiểm tra kế hoạch, giới hạn và số chữ số thập phân theo đơn vị mới.',
      },
      {
        code: 'NHA_VAN_HOA',
        message:
          'Chỉ tiêu “Hoàn thành xây dựng mới hoặc sửa chữa, nâng cấp các nhà văn hóa còn lại để đạt chuẩn” (mã NHA_VAN_HOA, số TT 21 năm 2024) đổi đơn vị tính từ “Nhà” (năm 2023) sang “%” (năm 2024): số liệu hai năm không so sánh trực tiếp được. Hãy kiểm tra kế hoạch, giới hạn và số chữ số thập phân theo đơn vị mới.',
      },
    ]);
  });

  it('the other way round, the three indicators new in 2024 are the ones that disappear', () => {
    const gone = compareCatalogs(loadCatalog(2024), loadCatalog(2023)).filter((c) => c.message.includes('không còn trong danh mục năm 2023'));
    expect(gone.map((c) => c.code)).toEqual(['Y_TE_XA', 'PHUONG_VAN_MINH', 'PHUONG_CO_BAN_VM']);
  });

  it('a code that disappears (with a hint when the same name comes back under a new code), and an owner change', () => {
    const previous = loadCatalog(2023);
    const next = JSON.parse(JSON.stringify(loadCatalog(2024))) as typeof previous;
    const jobs = next.indicators.find((i) => i.code === 'VIEC_LAM')!;
    jobs.code = 'GIAI_QUYET_VIEC_LAM';
    jobs.name = previous.indicators.find((i) => i.code === 'VIEC_LAM')!.name;
    next.indicators = next.indicators.filter((i) => i.code !== 'TRUONG_CHUAN');
    next.indicators.find((i) => i.code === 'BHYT')!.owner = 'LDTBXH';
    const byCode = Object.fromEntries(compareCatalogs(previous, next).map((c) => [c.code, c.message]));
    expect(byCode.VIEC_LAM).toBe(
      'Chỉ tiêu “Giải quyết việc làm mới” (mã VIEC_LAM, số TT 14 năm 2023) không còn trong danh mục năm 2024. Danh mục năm 2024 có chỉ tiêu cùng tên với mã GIAI_QUYET_VIEC_LAM: nếu là cùng một chỉ tiêu, hãy giữ mã VIEC_LAM để số liệu các năm nối tiếp được.',
    );
    expect(byCode.TRUONG_CHUAN).toMatch(/^Chỉ tiêu “.+” \(mã TRUONG_CHUAN, số TT 16 năm 2023\) không còn trong danh mục năm 2024\. Nếu chỉ tiêu vẫn được giao/);
    const bhxh = previous.units.find((u) => u.code === 'BHXH')!.name;
    expect(byCode.BHYT).toContain(
      `đổi đơn vị phụ trách từ ${bhxh} sang Phòng Lao động - Thương binh và Xã hội: biểu mẫu của chỉ tiêu này sẽ gửi cho đơn vị mới.`,
    );
  });

  it('spacing and case in a unit are not a change', () => {
    const previous = loadCatalog(2023);
    const next = JSON.parse(JSON.stringify(previous)) as typeof previous;
    next.indicators[1].unit = 'tr. đồng/người/năm';
    expect(compareCatalogs(previous, next)).toEqual([]);
  });
});
