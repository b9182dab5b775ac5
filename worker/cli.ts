/**
 * phuluc: the worker's command line. Every message is Vietnamese; logs (JSON) go to stderr.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findPeriod, findUnit, reportingUnits } from '../shared/catalog.ts';
import { CatalogError, parseCatalogText } from '../shared/catalog-schema.ts';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, EMBEDDED_CATALOG } from './config.ts';
import { consolidate, unitStatuses } from './consolidate.ts';
import { runDemo } from './demo.ts';
import { Ledger } from './ledger.ts';
import { createLogger } from './log.ts';
import { WorkerService, type RunSummary } from './service.ts';
import { writeTemplates } from './templates.ts';
import { startHttp } from './http.ts';

const HELP = `phuluc — tổng hợp Phụ lục 1 từ biểu mẫu của các đơn vị

Cách dùng:
  phuluc demo                                  Chạy thử: biểu mẫu 2023, điền số liệu thật, tổng hợp phụ lục
  phuluc templates --catalog TỆP --period KỲ --out THƯ_MỤC
                                               Tạo biểu mẫu cho từng đơn vị (THƯ_MỤC/<mã đơn vị>.xlsx)
  phuluc consolidate [--config TỆP]            Một lượt: nhận tệp trong inbox, ghi phụ lục
  phuluc start [--config TỆP]                  Chạy liên tục theo lịch (và cổng nhận báo cáo)
  phuluc status [--config TỆP]                 Tình hình nộp của từng đơn vị
  phuluc token --unit MÃ [--config TỆP] [--revoke]
                                               Cấp (hoặc thu hồi) mã truy cập nộp báo cáo của đơn vị

Mã kỳ báo cáo: <năm>-6t (6 tháng đầu năm), <năm>-9t (9 tháng), <năm>-uoc (ước thực hiện cả năm),
<năm>-nam (thực hiện cả năm); ví dụ 2023-uoc.`;

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function printRun(s: RunSummary): void {
  const acc = s.inbox.outcomes.filter((o) => !o.duplicate && o.record.status === 'accepted').length;
  const rej = s.inbox.outcomes.filter((o) => !o.duplicate && o.record.status === 'rejected').length;
  const dup = s.inbox.outcomes.filter((o) => o.duplicate).length;
  out(`Đã nhận ${s.inbox.outcomes.length} tệp: ${acc} hợp lệ, ${rej} bị từ chối, ${dup} trùng tệp đã nhận.`);
  for (const o of s.inbox.outcomes.filter((x) => x.record.status === 'rejected' && !x.duplicate)) {
    out(`  ✗ ${o.record.fileName}: ${o.record.problems[0]?.cell ? `ô ${o.record.problems[0].cell}: ` : ''}${o.record.problems[0]?.message ?? ''}`);
  }
  for (const e of s.inbox.errors) out(`  ! ${path.basename(e.file)}: lỗi hệ thống (${e.error}); tệp vẫn ở inbox, sẽ thử lại.`);
  const a = s.appendix;
  const submitted = a.statuses.filter((x) => x.state === 'accepted').length;
  out(`Đơn vị đã nộp hợp lệ: ${submitted}/${a.statuses.length}.`);
  out(`Tổng hợp: ${a.content.summary.sentence}.`);
  out(`${a.changed ? 'Đã ghi phụ lục' : 'Phụ lục không đổi'}: ${a.file}`);
  if (a.warnings.length) out(`Cảnh báo: ${a.warnings.length} (xem trang “Cảnh báo”).`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      config: { type: 'string' }, catalog: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' },
      unit: { type: 'string' }, revoke: { type: 'boolean' }, printed: { type: 'boolean' }, dir: { type: 'string' },
    },
    allowPositionals: false,
  });
  switch (command) {
    case 'demo': {
      const dir = path.resolve(values.dir ?? 'data/demo');
      out(`Chạy thử với danh mục 2023 trong thư mục ${dir}`);
      const r = await runDemo(dir, { asPrinted: values.printed, log: out });
      printRun(r.summary);
      out(`Biểu mẫu các đơn vị: ${r.templates}`);
      out(`Mở phụ lục: ${r.summary.appendix.file}`);
      return 0;
    }
    case 'templates': {
      if (!values.out) throw new ConfigError('Thiếu --out THƯ_MỤC (nơi ghi biểu mẫu).');
      const file = path.resolve(values.catalog ?? EMBEDDED_CATALOG);
      const catalog = parseCatalogText(readFileSync(file, 'utf8'), file);
      const periodId = values.period ?? `${catalog.year}-uoc`;
      const period = findPeriod(catalog, periodId);
      if (!period) throw new ConfigError(`Kỳ “${periodId}” không có trong danh mục; các kỳ có: ${catalog.periods.map((p) => p.id).join(', ')}.`);
      const skipped = catalog.units.length - reportingUnits(catalog).length;
      const files = await writeTemplates(catalog, period, path.resolve(values.out), values.config ? loadConfig(values.config).protectionPassword : 'phuluc',
        (d, t, u) => process.stderr.write(`Đang tạo biểu mẫu ${d}/${t}: ${u.name}\n`));
      out(`Đã tạo ${files.length} biểu mẫu (${period.header}) trong ${path.resolve(values.out)}.`);
      if (skipped) out(`${skipped} đơn vị không phụ trách chỉ tiêu nào trong danh mục nên không có biểu mẫu.`);
      return 0;
    }
    case 'consolidate': {
      const cfg = loadConfig(values.config);
      const service = new WorkerService(cfg, createLogger(cfg.logLevel === 'info' ? 'warn' : cfg.logLevel));
      try {
        printRun(await service.runOnce((d, t) => process.stderr.write(`Đang kiểm tra tệp ${d}/${t}\r`)));
      } finally {
        await service.stop();
      }
      return 0;
    }
    case 'start': {
      const cfg = loadConfig(values.config);
      const log = createLogger(cfg.logLevel);
      const service = new WorkerService(cfg, log);
      const http = cfg.http.enabled ? await startHttp(service) : undefined;
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping');
        await http?.close();
        await service.stop();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
      await service.start();
      out(`Đang chạy theo lịch “${cfg.schedule.cron}” (${cfg.schedule.timezone}). Thư mục nhận: ${cfg.paths.inbox}.${http ? ` Cổng nộp: ${http.url}.` : ''} Nhấn Ctrl+C để dừng.`);
      return new Promise<number>(() => {});
    }
    case 'status': {
      const cfg = loadConfig(values.config);
      const ledger = new Ledger(cfg.paths.ledger);
      try {
        const statuses = unitStatuses(cfg.catalog, cfg.period, ledger, new Date());
        out(`${cfg.period.header} — hạn nộp ${cfg.period.deadline}`);
        for (const s of statuses) {
          const state = s.state === 'accepted' ? 'đã nộp, hợp lệ' : s.state === 'rejected' ? 'đã nộp, BỊ TỪ CHỐI' : 'chưa nộp';
          const when = s.record ? ` lúc ${s.record.receivedAt}` : '';
          const late = s.state === 'accepted' ? (s.late ? ', nộp muộn' : ', đúng hạn') : s.overdue ? ', QUÁ HẠN' : '';
          const hash = s.record ? `, SHA-256 ${s.record.sha256.slice(0, 16)}…` : '';
          out(`${s.code.padEnd(12)} ${s.name}: ${state}${when}${late}${hash}`);
          for (const p of s.problems.slice(0, 3)) out(`${' '.repeat(13)}- ${p}`);
        }
      } finally {
        ledger.close();
      }
      return 0;
    }
    case 'token': {
      const cfg = loadConfig(values.config);
      const unit = values.unit ? findUnit(cfg.catalog, values.unit) : undefined;
      if (!unit) throw new ConfigError(`Thiếu hoặc sai --unit. Các mã đơn vị: ${cfg.catalog.units.map((u) => u.code).join(', ')}.`);
      const ledger = new Ledger(cfg.paths.ledger);
      try {
        if (values.revoke) {
          out(`Đã thu hồi ${ledger.revokeTokens(unit.code, new Date().toISOString())} mã truy cập của ${unit.name}.`);
        } else {
          const token = `pl_${unit.code.toLowerCase()}_${randomBytes(24).toString('base64url')}`;
          ledger.addToken(unit.code, token, new Date().toISOString());
          out(`Mã truy cập nộp báo cáo của ${unit.name} (chỉ hiện một lần, hãy gửi riêng cho đơn vị):`);
          out(token);
        }
      } finally {
        ledger.close();
      }
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      out(HELP);
      return 0;
    default:
      process.stderr.write(`Lệnh không hợp lệ: “${command}”.\n\n${HELP}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code !== undefined) process.exitCode = code;
}).catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof CatalogError) {
    process.stderr.write(`${e.message}\n`);
  } else {
    process.stderr.write(`Lỗi: ${(e as Error).stack ?? String(e)}\n`);
  }
  process.exitCode = 1;
});

export { consolidate };
