/** The `phuluc` command line as the planning office uses it (real processes, real files). */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeXlsRenamed } from '../fixtures/hostile.ts';
import { SqliteLedger as Ledger } from '../../worker/ledger/sqlite.ts';
import { tempDir, testConfig } from '../helpers/worker.ts';
import { phuluc } from '../helpers/cli.ts';

describe('phuluc', () => {
  it('templates: one file per unit for the 2024 catalogue and its half-year period', async () => {
    const out = tempDir('cli-templates');
    const r = await phuluc('templates', '--catalog', 'shared/catalog/2024.json', '--period', '2024-6t', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(Thực hiện 6 tháng đầu năm 2024)');
    expect(readdirSync(out).sort()).toContain('TTYT.xlsx');
    expect(r.stdout).toMatch(/đơn vị không phụ trách chỉ tiêu nào/);
  });

  it('templates: an unknown period is a clear error', async () => {
    const r = await phuluc('templates', '--period', '2023-quy1', '--out', tempDir('cli-bad'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Kỳ “2023-quy1” không có trong danh mục; các kỳ có: 2023-6t, 2023-9t, 2023-uoc, 2023-nam.');
  });

  it('consolidate: exits 0 when a file is rejected, and reports it; status shows every unit', async () => {
    const { file, cfg } = testConfig(tempDir('cli-run'));
    writeFileSync(path.join(cfg.paths.inbox, 'bao-cao.xlsx'), makeXlsRenamed());
    const r = await phuluc('consolidate', '--config', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Đã nhận 1 tệp: 0 hợp lệ, 1 không hợp lệ.');
    expect(r.stdout).toContain('bao-cao.xlsx: Tệp là bảng tính Excel 97-2003 (.xls)');
    expect(existsSync(path.join(cfg.paths.out, 'phu-luc-1-2023-uoc.xlsx'))).toBe(true);
    const s = await phuluc('status', '--config', file);
    expect(s.code).toBe(0);
    expect(s.stdout.split('\n').filter((l) => /chưa nộp/.test(l)).length).toBe(13);
  });

  it('status: a new system with no period opened says so and exits 0 (it is a state, not a failure)', async () => {
    const dir = tempDir('cli-no-period');
    const file = path.join(dir, 'phuluc.config.json');
    writeFileSync(file, JSON.stringify({ dataDir: './data', inbox: { settleMs: 0 }, logLevel: 'silent' }));
    const s = await phuluc('status', '--config', file);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('Chưa có kỳ báo cáo nào được mở: mở kỳ báo cáo trên trang quản lý, mục “Kỳ báo cáo”.');
    expect(s.stdout).not.toMatch(/chưa nộp/);
    const asked = await phuluc('status', '--config', file, '--period', '2023-uoc');
    expect(asked.code).toBe(1);
  });

  it('consolidate: a broken config fails with a Vietnamese message naming the field', async () => {
    const dir = tempDir('cli-config');
    const file = path.join(dir, 'phuluc.config.json');
    writeFileSync(file, JSON.stringify({ schedule: { cron: 5 }, extra: true }));
    const r = await phuluc('consolidate', '--config', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('không hợp lệ');
    expect(r.stderr).toContain('“schedule.cron”');
    expect(r.stderr).toContain('“schedule.cron”: phải là chữ đặt trong dấu nháy kép.');
    expect(r.stderr).toContain('có trường không được hỗ trợ: extra');
  });

  it('token: issues a token kept only as a hash', async () => {
    const { file, cfg } = testConfig(tempDir('cli-token'));
    const r = await phuluc('token', '--unit', 'KT', '--config', file);
    expect(r.code).toBe(0);
    const token = r.stdout.trim().split('\n').pop()!;
    expect(token).toMatch(/^pl_kt_/);
    const ledger = new Ledger(cfg.paths.ledger);
    try {
      expect(await ledger.unitForToken(token)).toBe('KT');
      const stored = ledger.db.prepare('SELECT token_hash FROM tokens').all() as { token_hash: string }[];
      expect(stored.map((t) => t.token_hash)).not.toContain(token);
    } finally {
      await ledger.close();
    }
  });

  it('demo: the README main job writes the appendix and says where', async () => {
    const dir = tempDir('cli-demo');
    const r = await phuluc('demo', '--dir', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Tổng hợp: có 17/21 chỉ tiêu (trong 17 nhóm chỉ tiêu chủ yếu) đạt và vượt kế hoạch, 03 chỉ tiêu không đạt, 01 chỉ tiêu không đánh giá.',
    );
    // The report's own footnotes, the two unexplained unmet rows as warnings, and their two units asked.
    expect(r.stdout).toContain('Chú thích của phụ lục (từ giải trình của đơn vị): 74, 75, 76.');
    expect(r.stdout).toContain('Cảnh báo cần xem lại: 2 (trang “Cảnh báo” của phụ lục).');
    expect(r.stdout).toContain(
      'Đã trả lại 02 đơn vị để đề nghị giải trình chỉ tiêu không đạt kế hoạch: Chi cục Thống kê (chỉ tiêu 2. Thu nhập bình quân đầu người), Phòng Lao động - Thương binh và Xã hội (chỉ tiêu 14. Giải quyết việc làm mới).',
    );
    const file = path.join(dir, 'out', 'phu-luc-1-2023-uoc.xlsx');
    expect(r.stdout).toContain(`Mở phụ lục: ${file}`);
    expect(existsSync(file)).toBe(true);
  });

  it('an unknown command prints the help and exits 2', async () => {
    const r = await phuluc('tonghop');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Lệnh không hợp lệ: “tonghop”');
  });
});
