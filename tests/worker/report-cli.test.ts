/**
 * `phuluc report` and `phuluc check-report` as the planning office runs them (the compiled command
 * line, real files): the real 2023 submissions consolidated, the Word report and its PDF written (the
 * PDF's fonts said), and the real report checked as a .docx and as text.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { phuluc } from '../helpers/cli.ts';
import { libreOfficeOrSkip } from '../helpers/libreoffice.ts';
import { seedDocx, seedText } from '../helpers/report.ts';
import { dropRealSubmissions, tempDir, testConfig } from '../helpers/worker.ts';

let dir: string;
let config: string;

beforeAll(async () => {
  dir = tempDir('report-cli');
  const { file, cfg } = testConfig(dir);
  config = file;
  await dropRealSubmissions(cfg, false);
  const r = await phuluc('consolidate', '--config', file);
  expect(r.code).toBe(0);
});

describe('phuluc check-report', () => {
  it('the real report as .docx and as text: the four drifts, then what it could not compare and why', async () => {
    const docx = path.join(dir, 'du-thao.docx');
    const txt = path.join(dir, 'du-thao.txt');
    writeFileSync(docx, await seedDocx());
    writeFileSync(txt, seedText());
    for (const f of [docx, txt]) {
      const r = await phuluc('check-report', f, '--config', config);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Đã đối chiếu dự thảo với số liệu tổng hợp: có 04 chỗ cần xem lại.');
      expect(r.stdout).toMatch(
        /dự thảo ghi “tăng 16% kế hoạch”, tính từ Phụ lục 1 \(1\.721,4 tỷ đồng so với kế hoạch 1\.400 tỷ đồng, bằng 122,96%\) là “tăng 23% so với kế hoạch”\./,
      );
      expect(r.stdout).toMatch(/Có 09 chỗ đọc được nhưng không đối chiếu được:/);
      expect(r.stdout).toContain('“khoảng 3.995 lao động” — câu nói về một bộ phận (“lĩnh vực thương mại dịch vụ”), không phải số liệu chung của chỉ tiêu 14.');
    }
    const json = await phuluc('check-report', txt, '--json', '--config', config);
    const parsed = JSON.parse(json.stdout) as { findings: { kind: string }[]; readings: { status: string }[] };
    expect(parsed.findings.map((f) => f.kind)).toEqual(['figure', 'figure', 'figure', 'share']);
    expect(parsed.readings.filter((x) => x.status === 'unreadable')).toHaveLength(9);
  });

  it('a file that is neither Word nor text: a Vietnamese message, not a stack trace', async () => {
    const bad = path.join(dir, 'anh.png');
    writeFileSync(bad, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe, 0]));
    const r = await phuluc('check-report', bad, '--config', config);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Tệp không phải tài liệu Word (.docx) hay văn bản thuần (.txt, mã UTF-8).');
    expect(r.stderr).not.toMatch(/at \w+ \(/);
  });
});

describe('phuluc report', () => {
  it('--format docx writes the Word report', async () => {
    const out = path.join(dir, 'phu-luc.docx');
    const r = await phuluc('report', '--format', 'docx', '--out', out, '--config', config);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(r.stdout).not.toContain('Phông chữ');
  });

  it.skipIf(!libreOfficeOrSkip('kiểm thử xuất PDF bằng dòng lệnh'))(
    '--format pdf says which font the PDF was drawn in, and warns only when it is not Times New Roman’s widths',
    async () => {
      const out = path.join(dir, 'phu-luc.pdf');
      const r = await phuluc('report', '--format', 'pdf', '--out', out, '--config', config);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(out)).toBe(true);
      expect(r.stdout).toContain('Phông chữ trong bản PDF: Liberation Serif.');
      expect(r.stdout).not.toContain('Cảnh báo:');
    },
  );
});
