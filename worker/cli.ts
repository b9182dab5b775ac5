/**
 * phuluc: the worker's command line — parse, call, print. Every message is Vietnamese; technical
 * details (stacks) go to the log file in the data folder, never to the screen. Commands load only
 * what they use, so a quick one (status) starts fast.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatTimeVi } from '../shared/format.ts';
import { describeError, UNEXPECTED, UserError } from './errors.ts';
import type { RunSummary } from './service.ts';

const HELP = `phuluc — tổng hợp Phụ lục 1 từ biểu mẫu của các đơn vị

Cách dùng:
  phuluc demo                                  Chạy thử: biểu mẫu 2023, điền số liệu thật, tổng hợp phụ lục
  phuluc demo --levels                         Chạy thử ba cấp: phường → thị xã → tỉnh (hai thị xã)
  phuluc templates --catalog TỆP --period KỲ --out THƯ_MỤC
                                               Tạo biểu mẫu cho từng đơn vị (THƯ_MỤC/<mã đơn vị>.xlsx)
  phuluc consolidate [--config TỆP]            Một lượt: nhận các tệp trong thư mục nộp báo cáo chung, ghi phụ lục
  phuluc start [--config TỆP]                  Chạy liên tục theo lịch, với cổng nhận báo cáo
  phuluc status [--config TỆP]                 Tình hình nộp của từng đơn vị
  phuluc token --unit MÃ [--enrol | --revoke] [--config TỆP]
                                               Cấp mã đăng ký dùng một lần (--enrol), cấp hoặc thu hồi mã truy cập
  phuluc rebuild [--config TỆP]                Dựng lại sổ theo dõi từ kho lưu trữ khi sổ theo dõi bị mất
  phuluc report --format docx|pdf --out TỆP [--config TỆP]
                                               Xuất Phụ lục 1 và đoạn tổng hợp ra Word (hoặc PDF) để đưa vào báo cáo
  phuluc check-report DỰ_THẢO.docx|.txt [--json] [--config TỆP]
                                               Đối chiếu số liệu trong dự thảo báo cáo với số liệu tổng hợp
  phuluc catalog check TỆP [--previous TỆP_NĂM_TRƯỚC]
                                               Kiểm tra danh mục chỉ tiêu (và so với danh mục năm trước)
  phuluc catalog propose --targets DANH_SÁCH.txt --year NĂM [--previous TỆP_NĂM_TRƯỚC] [--config TỆP] --out ĐỀ_XUẤT.json
                                               Đề xuất danh mục năm mới từ danh sách chỉ tiêu của nghị quyết
  phuluc catalog accept ĐỀ_XUẤT.json --out DANH_MỤC.json
                                               Ghi danh mục từ bản đề xuất đã xem xong
  phuluc catalog export DANH_MỤC.json --out TỆP.xlsx
  phuluc catalog import TỆP.xlsx --out DANH_MỤC.json
                                               Danh mục ra sổ làm việc Excel để sửa, và đọc lại
  phuluc user add TÊN --role quan-tri|ke-hoach|lanh-dao [--full-name "HỌ VÀ TÊN"] [--config TỆP]
                                               Tạo tài khoản trang quản lý (mật khẩu nhập từ bàn phím, không hiện)
  phuluc user password TÊN | disable TÊN | list [--config TỆP]
                                               Đặt lại mật khẩu, khoá tài khoản, xem các tài khoản
  phuluc manifest --url https://…/addin/ [--out TỆP]
                                               Ghi tệp kê khai (manifest.xml) của phần bổ trợ cho địa chỉ của hệ thống
  phuluc backup [--out TỆP.tar.gz] [--config TỆP]
                                               Sao lưu toàn bộ dữ liệu (chạy được khi hệ thống đang chạy)
  phuluc restore TỆP.tar.gz [--to THƯ_MỤC] [--force] [--check] [--config TỆP]
                                               Khôi phục dữ liệu từ bản sao lưu (--check: chỉ kiểm tra tệp)
  phuluc help                                  Hướng dẫn này

Mã kỳ báo cáo: <năm>-6t (6 tháng đầu năm), <năm>-9t (9 tháng), <năm>-uoc (ước thực hiện cả năm),
<năm>-nam (thực hiện cả năm); ví dụ 2023-uoc.`;

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

// Output piped into a reader that stops early (`phuluc status | head -1`): the rest is not wanted,
// which is no error; stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

function progress(label: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => {};
  return (done, total) => process.stderr.write(`\r${label} ${done}/${total}${done === total ? '\n' : ''}`);
}

export function printRun(s: RunSummary): void {
  const fresh = s.inbox.outcomes.filter((o) => !o.duplicate);
  const acc = fresh.filter((o) => o.record.status === 'accepted').length;
  const rej = fresh.filter((o) => o.record.status === 'rejected').length;
  const dup = s.inbox.outcomes.length - fresh.length;
  out(`Đã nhận ${s.inbox.outcomes.length} tệp: ${acc} hợp lệ, ${rej} không hợp lệ${dup ? `, ${dup} tệp trùng với tệp đã nhận trước đó` : ''}.`);
  for (const o of fresh.filter((x) => x.record.status === 'rejected')) {
    const p = o.record.problems[0];
    out(
      `  ✗ ${o.record.fileName}: ${p?.cell ? `ô ${p.cell}: ` : ''}${p?.message ?? ''}${o.record.problems.length > 1 ? ` (và ${o.record.problems.length - 1} lỗi khác, xem báo cáo kèm tệp)` : ''}`,
    );
  }
  for (const o of fresh.filter((x) => x.record.status === 'accepted' && x.record.warnings.length)) {
    out(`  ! ${o.record.fileName}: hợp lệ, có ${o.record.warnings.length} cảnh báo cần xem lại.`);
  }
  for (const n of s.inbox.refused) out(`  ✗ ${n.name}: không nhận. ${n.reason}`);
  for (const n of s.inbox.skipped) out(`  – bỏ qua ${n.name}: ${n.reason}.`);
  for (const name of s.inbox.settling) out(`  … ${name}: tệp vẫn đang được ghi, sẽ nhận ở lượt sau.`);
  for (const e of s.inbox.errors) {
    out(
      e.movedTo
        ? `  ✗ ${path.basename(e.file)}: đã ghi nhận và chuyển sang ${e.movedTo}, nhưng không ghi được báo cáo kiểm tra bên cạnh. ${describeError(e.error) ?? UNEXPECTED}`
        : `  ✗ ${path.basename(e.file)}: chưa nhận được. ${describeError(e.error) ?? UNEXPECTED} Tệp vẫn nằm trong thư mục nộp báo cáo chung, sẽ nhận lại ở lượt sau.`,
    );
  }
  const a = s.appendix;
  out(`Đơn vị đã nộp hợp lệ: ${a.statuses.filter((x) => x.state === 'accepted').length}/${a.statuses.length}.`);
  out(`Tổng hợp: ${a.content.summary.sentence}.`);
  const approved = a.statuses.filter((x) => x.review === 'approved').length;
  out(
    a.final
      ? 'Phụ lục là bản chính thức: mọi đơn vị đã được duyệt.'
      : `Phụ lục là BẢN DỰ THẢO: Phòng Tài chính - Kế hoạch đã duyệt ${approved}/${a.statuses.length} đơn vị (duyệt trên trang quản lý khi chạy “phuluc start”).`,
  );
  out(`${a.changed ? 'Đã ghi phụ lục' : 'Phụ lục không đổi'}: ${a.file}`);
  if (a.warnings.length) out(`Cảnh báo cần xem lại: ${a.warnings.length} (trang “Cảnh báo” của phụ lục).`);
}

const OPTIONS = {
  config: { type: 'string' },
  catalog: { type: 'string' },
  period: { type: 'string' },
  out: { type: 'string' },
  unit: { type: 'string' },
  revoke: { type: 'boolean' },
  enrol: { type: 'boolean' },
  printed: { type: 'boolean' },
  dir: { type: 'string' },
  previous: { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  role: { type: 'string' },
  'full-name': { type: 'string' },
  levels: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  targets: { type: 'string' },
  year: { type: 'string' },
  url: { type: 'string' },
  to: { type: 'string' },
  force: { type: 'boolean' },
  check: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function parse(args: string[]): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    const m = /'([^']+)'/.exec((e as Error).message);
    throw new UserError(`Tùy chọn không hợp lệ${m ? ` “${m[1]}”` : ''}. Gõ “phuluc help” để xem các lệnh và tùy chọn.`, 2);
  }
}

/** The log of command-line runs: in the data folder, so that whoever helps can read it. */
let logFile: string | undefined;

async function serviceFor(values: Values, level = 'info') {
  const [{ loadConfigCaching }, { createFileLogger }, { WorkerService }] = await Promise.all([
    import('./config-cache.ts'),
    import('./log.ts'),
    import('./service.ts'),
  ]);
  const cfg = await loadConfigCaching(values.config);
  logFile = path.join(cfg.paths.root, 'phuluc.log');
  return new WorkerService(cfg, createFileLogger(logFile, level));
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    out(HELP);
    return 0;
  }
  const { values, positionals } = parse(rest);
  if (values.help) {
    out(HELP);
    return 0;
  }
  if (command === 'user') return userCommand(values, positionals);
  if (command === 'catalog') return catalogCommand(values, positionals);
  const expected = command === 'check-report' || command === 'restore' ? 1 : 0;
  if (positionals.length > expected) throw new UserError(`Thừa tham số “${positionals[expected]}”. Gõ “phuluc help” để xem cách dùng.`, 2);
  switch (command) {
    case 'report': {
      const format = (values.format ?? 'docx').toLowerCase();
      if (format !== 'docx' && format !== 'pdf') throw new UserError('“--format” chỉ nhận docx hoặc pdf.', 2);
      if (!values.out) throw new UserError('Thiếu --out TỆP (nơi ghi báo cáo), ví dụ --out phu-luc-1.docx.', 2);
      const [{ loadConfigQuick }, { openLedger }, { appendixInput, buildAppendix }, { reportDocument }, { writeFileAtomic }, { periodForCommand }] =
        await Promise.all([
          import('./config-cache.ts'),
          import('./ledger/index.ts'),
          import('./consolidate/appendix.ts'),
          import('./report/document.ts'),
          import('./store.ts'),
          import('./settings.ts'),
        ]);
      const cfg = await loadConfigQuick(values.config);
      const ledger = openLedger(cfg);
      try {
        const now = new Date();
        const entry = await periodForCommand(ledger, cfg, values.period);
        const { statuses, content, final } = await buildAppendix(appendixInput(entry, cfg, ledger, now));
        const draft = !final;
        const made = await reportDocument({ catalog: entry.catalog, period: entry.period, content, generatedAt: now.toISOString(), draft }, format);
        const file = path.resolve(values.out);
        writeFileAtomic(file, made.bytes);
        out(`Đã ghi ${format === 'pdf' ? 'bản PDF' : 'tài liệu Word'}: ${file}`);
        if (made.fonts?.length) out(`Phông chữ trong bản PDF: ${made.fonts.join(', ')}.`);
        for (const w of made.warnings) out(`Cảnh báo: ${w}`);
        out(`Tổng hợp: ${content.summary.sentence}.`);
        if (draft) out(`Bản dự thảo: ${statuses.filter((s) => s.review !== 'approved').length} đơn vị chưa được duyệt.`);
      } finally {
        await ledger.close();
      }
      return 0;
    }
    case 'check-report': {
      if (!positionals[0]) throw new UserError('Cách dùng: phuluc check-report DỰ_THẢO.docx [--json] (dự thảo dạng Word .docx hoặc văn bản .txt).', 2);
      const [{ loadConfigQuick }, { openLedger }, { appendixInput, buildAppendix }, report, { readFile }, { periodForCommand }] = await Promise.all([
        import('./config-cache.ts'),
        import('./ledger/index.ts'),
        import('./consolidate/appendix.ts'),
        import('./report/index.ts'),
        import('node:fs/promises'),
        import('./settings.ts'),
      ]);
      const cfg = await loadConfigQuick(values.config);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(positionals[0]));
      } catch {
        throw new UserError(`Không mở được tệp “${positionals[0]}”. Hãy kiểm tra tên và đường dẫn của dự thảo báo cáo.`);
      }
      const draft = report.readDraft(bytes);
      const ledger = openLedger(cfg);
      try {
        const entry = await periodForCommand(ledger, cfg, values.period);
        const { content } = await buildAppendix(appendixInput(entry, cfg, ledger, new Date()));
        const { findings, readings } = report.checkDraft(draft, entry.catalog, content, { period: entry.period });
        if (values.json) out(JSON.stringify({ file: positionals[0], findings, readings }, null, 2));
        else out(`${report.formatFindings(findings)}\n\n${report.formatUnreadable(readings)}`);
      } finally {
        await ledger.close();
      }
      return 0;
    }
    case 'demo': {
      if (values.levels) {
        const { runLevelsDemo } = await import('./demo-levels.ts');
        const dir = path.resolve(values.dir ?? 'data/demo-levels');
        out(`Chạy thử ba cấp (phường → thị xã → tỉnh) trong thư mục ${dir}`);
        for (const l of await runLevelsDemo(dir, { log: out })) {
          const a = l.summary.appendix;
          out(
            `${l.name}: ${a.statuses.filter((x) => x.state === 'accepted').length}/${a.statuses.length} đơn vị đã nộp hợp lệ. Tổng hợp: ${a.content.summary.sentence}.`,
          );
          out(`  Phụ lục: ${a.file}`);
        }
        return 0;
      }
      const { runDemo, askedSentence } = await import('./demo.ts');
      const dir = path.resolve(values.dir ?? 'data/demo');
      out(`Chạy thử với danh mục 2023 trong thư mục ${dir}`);
      const r = await runDemo(dir, { asPrinted: values.printed, log: out });
      printRun(r.summary);
      if (r.footnotes.length) out(`Chú thích của phụ lục (từ giải trình của đơn vị): ${r.footnotes.map((n) => n.number).join(', ')}.`);
      out(askedSentence(r.asked));
      const replies = r.asked.filter((a) => a.reply).length;
      if (replies) out(`Phản hồi cho đơn vị ghi bên cạnh tệp đã nộp (đuôi .phan-hoi.txt): ${path.dirname(r.asked.find((a) => a.reply)!.reply!)}`);
      out(`Biểu mẫu các đơn vị: ${r.templates}`);
      out(`Mở phụ lục: ${r.after.appendix.file}`);
      return 0;
    }
    case 'templates': {
      const [{ loadCatalogFile, loadConfig, ConfigError }, { writeTemplates }, { findPeriod, reportingUnits }, { defaultPeriodId }] = await Promise.all([
        import('./config.ts'),
        import('./templates.ts'),
        import('../shared/catalog.ts'),
        import('../shared/period.ts'),
      ]);
      if (!values.out) throw new ConfigError('Thiếu --out THƯ_MỤC (nơi ghi biểu mẫu).');
      const cfg = values.config ? loadConfig(values.config) : undefined;
      const catalog = values.catalog ? loadCatalogFile(path.resolve(values.catalog)) : (cfg?.catalog ?? loadCatalogFile());
      const periodId = values.period ?? cfg?.period.id ?? defaultPeriodId(catalog.year);
      const period = findPeriod(catalog, periodId);
      if (!period) throw new ConfigError(`Kỳ “${periodId}” không có trong danh mục; các kỳ có: ${catalog.periods.map((p) => p.id).join(', ')}.`);
      const skipped = catalog.units.length - reportingUnits(catalog).length;
      const files = await writeTemplates(catalog, period, path.resolve(values.out), {
        password: cfg?.protectionPassword ?? 'phuluc',
        intakeUrl: cfg?.intakeUrl,
        onProgress: (d, t, u) => process.stderr.write(`Đang tạo biểu mẫu ${d}/${t}: ${u.name}\n`),
      });
      out(`Đã tạo ${files.length} biểu mẫu (${period.header}) trong ${path.resolve(values.out)}.`);
      if (skipped) out(`${skipped} đơn vị không phụ trách chỉ tiêu nào trong danh mục nên không có biểu mẫu.`);
      return 0;
    }
    case 'consolidate': {
      const service = await serviceFor(values);
      try {
        printRun(await service.runOnce({ onProgress: progress('Đang kiểm tra tệp'), waitForSettle: true }));
      } finally {
        await service.stop();
      }
      return 0;
    }
    case 'start': {
      const [{ loadConfigCaching }, { createServiceLogger }, { EventLines }, { WorkerService }, { startHttp }, { startBackupSchedule }] = await Promise.all([
        import('./config-cache.ts'),
        import('./log.ts'),
        import('./log-lines.ts'),
        import('./service.ts'),
        import('./http/server.ts'),
        import('./backup.ts'),
      ]);
      const cfg = await loadConfigCaching(values.config);
      logFile = path.join(cfg.paths.root, 'phuluc.log');
      // One Vietnamese line per event on standard output; the JSON log to the file in the data folder,
      // and to standard error too when that is not a terminal (journald, a pipe).
      const { log } = createServiceLogger({
        level: cfg.logLevel,
        file: logFile,
        stderr: !process.stderr.isTTY,
        printer: new EventLines(cfg.catalog, logFile, out),
      });
      const service = new WorkerService(cfg, log);
      const running: { http?: Awaited<ReturnType<typeof startHttp>>; backups?: ReturnType<typeof startBackupSchedule> } = {};
      let stopping = false;
      // SIGTERM (systemd, kill) and SIGINT (Ctrl+C): no new request or file is taken; the files in
      // hand are finished (a run stops between files) and written whole; then the ledger is closed.
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping');
        try {
          await running.backups?.stop();
          await running.http?.close();
          await service.stop();
        } finally {
          process.exit(0);
        }
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
      // SIGHUP (systemctl reload): a renewed certificate is taken without a restart.
      process.on('SIGHUP', () => {
        const r = running.http?.reloadTls();
        if (!r || (!r.ok && r.reason === 'no-tls'))
          out(`${formatTimeVi(new Date())} — Hệ thống không dùng HTTPS (chưa khai báo http.tlsCert và http.tlsKey): không có chứng chỉ để nạp lại.`);
      });
      running.http = cfg.http.enabled ? await startHttp(service) : undefined;
      running.backups = startBackupSchedule(cfg, log);
      const { http } = running;
      await service.start();
      // Stopped during the first run: no banner, no set-up code for a service that is going away.
      if (stopping) return new Promise<number>(() => {});
      out(
        `Đang chạy theo lịch “${cfg.schedule.cron}” (giờ Việt Nam). Thư mục nộp báo cáo chung: ${cfg.paths.inbox}.${http ? ` Cổng nhận báo cáo: ${http.url}. Trang quản lý của Phòng Tài chính - Kế hoạch: ${http.url}/` : ''} Nhấn Ctrl+C để dừng.`,
      );
      if (http)
        out(
          `Ngăn kiểm tra của phần bổ trợ Excel: ${http.url}/addin/taskpane.html (tệp kê khai cho địa chỉ này: phuluc manifest --url ${cfg.http.publicUrl ?? http.url}/addin/).`,
        );
      out(`Nhật ký chi tiết: ${logFile}`);
      if (http) {
        // No account yet: the first one is made in the browser, at a one-time address.
        const { newSetupCode } = await import('./setup.ts');
        const setup = await newSetupCode(service.ledger, new Date());
        if (setup) {
          const base = cfg.http.publicUrl?.replace(/\/+$/, '') ?? http.url;
          out(
            `Chưa có tài khoản nào. Mở địa chỉ sau trong trình duyệt để tạo tài khoản quản trị đầu tiên (dùng một lần, hết hạn lúc ${formatTimeVi(setup.expiresAt)}):`,
          );
          out(`${base}/#/thiet-lap?ma=${setup.code}`);
        }
      }
      return new Promise<number>(() => {});
    }
    case 'backup': {
      const [{ loadConfigCaching }, { createFileLogger }, backup] = await Promise.all([import('./config-cache.ts'), import('./log.ts'), import('./backup.ts')]);
      const cfg = await loadConfigCaching(values.config);
      logFile = path.join(cfg.paths.root, 'phuluc.log');
      const target = values.out ?? (cfg.backup ? path.join(cfg.backup.dir, backup.scheduledName(new Date())) : undefined);
      if (!target)
        throw new UserError(
          'Thiếu --out TỆP (nơi ghi bản sao lưu), ví dụ --out /var/backups/phuluc/sao-luu.tar.gz; hoặc khai báo “backup.dir” trong tệp cấu hình.',
          2,
        );
      const r = await backup.backupDataFolder(cfg, target, { log: createFileLogger(logFile, cfg.logLevel) });
      out(`Đã sao lưu ${r.files} tệp vào ${r.file} (${backup.sizeVi(r.bytes)}, ${(r.ms / 1000).toFixed(1).replace('.', ',')} giây).`);
      if (r.ledger === 'postgres') {
        out('Sổ theo dõi nằm trong PostgreSQL nên không có trong tệp này: hãy sao lưu thêm cơ sở dữ liệu, ví dụ');
        // Never the password on the screen: pg_dump reads it from PGPASSWORD or ~/.pgpass.
        out(`  pg_dump --format=custom --file=${r.file.replace(/\.tar\.gz$/, '')}.pgdump "${cfg.ledger!.url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1@')}"`);
      }
      out('Tệp sao lưu có khóa của trang quản lý và mã băm của mật khẩu, mã truy cập: hãy cất ở nơi chỉ bộ phận kỹ thuật đọc được.');
      return 0;
    }
    case 'restore': {
      const file = positionals[0];
      if (!file) throw new UserError('Cách dùng: phuluc restore TỆP_SAO_LƯU.tar.gz [--to THƯ_MỤC_DỮ_LIỆU] [--force] [--check].', 2);
      const [backup, { dataDirOf }, { readFileSync }] = await Promise.all([import('./backup.ts'), import('./paths.ts'), import('node:fs')]);
      if (values.check) {
        const m = await backup.verifyBackup(file);
        out(`Tệp sao lưu nguyên vẹn: ${m.files.length} tệp, đúng mã kiểm tra; tạo lúc ${formatTimeVi(m.createdAt)} bởi phiên bản ${m.app.version}.`);
        return 0;
      }
      let dir = values.to;
      if (!dir && values.config) {
        let raw: { dataDir?: unknown } = {};
        try {
          raw = JSON.parse(readFileSync(values.config, 'utf8')) as typeof raw;
        } catch {
          throw new UserError(`Không đọc được tệp cấu hình “${values.config}”. Hãy kiểm tra đường dẫn, hoặc chỉ nơi khôi phục bằng --to THƯ_MỤC.`);
        }
        dir = dataDirOf(values.config, raw.dataDir);
      }
      dir = path.resolve(dir ?? 'data');
      const r = await backup.restoreDataFolder(file, dir, { force: values.force });
      out(
        `Đã khôi phục ${r.files} tệp vào ${r.dataDir} (bản sao lưu lúc ${formatTimeVi(r.manifest.createdAt)}, phiên bản ${r.manifest.app.version}); mọi tệp đúng mã kiểm tra.`,
      );
      if (r.movedAside) out(`Dữ liệu có sẵn trong thư mục trước đó đã được chuyển sang ${r.movedAside}.`);
      if (r.manifest.ledger === 'sqlite') {
        const { SqliteLedger } = await import('./ledger/sqlite.ts');
        const ledger = new SqliteLedger(path.join(r.dataDir, 'ledger.sqlite'));
        try {
          out(`Sổ theo dõi: ${await ledger.count()} lần nộp, ${(await ledger.users()).length} tài khoản trang quản lý.`);
        } finally {
          await ledger.close();
        }
      } else {
        out('Sổ theo dõi nằm trong PostgreSQL: hãy khôi phục cơ sở dữ liệu từ bản pg_dump (pg_restore --clean --dbname …) trước khi chạy hệ thống.');
      }
      if (r.config) out(`Tệp cấu hình đã khôi phục: ${r.config} (thư mục dữ liệu là thư mục này).`);
      for (const m of r.missing) out(`Chưa có tệp ${m} trên máy này (chứng chỉ HTTPS): hãy chép sang trước khi chạy.`);
      out(`Chạy hệ thống: phuluc start --config ${r.config ?? '<tệp cấu hình>'}`);
      return 0;
    }
    case 'manifest': {
      const [{ PROJECT_ROOT }, { readFileSync, writeFileSync }, { pathToFileURL }] = await Promise.all([
        import('./paths.ts'),
        import('node:fs'),
        import('node:url'),
      ]);
      if (!values.url)
        throw new UserError('Thiếu --url: địa chỉ HTTPS của ngăn kiểm tra trên hệ thống, ví dụ --url https://baocao.honglinh.gov.vn:8787/addin/', 2);
      let url: URL;
      try {
        url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(values.url) ? values.url : `https://${values.url}`);
      } catch {
        throw new UserError(`Địa chỉ “${values.url}” không hợp lệ. Ví dụ: --url https://baocao.honglinh.gov.vn:8787/addin/`, 2);
      }
      if (url.protocol !== 'https:')
        throw new UserError(
          'Office chỉ mở phần bổ trợ qua HTTPS: địa chỉ phải bắt đầu bằng https:// (hệ thống cần chứng chỉ: http.tlsCert và http.tlsKey trong tệp cấu hình).',
          2,
        );
      if (/^(localhost|127\.|\[::1\])/i.test(url.host))
        throw new UserError(
          'Địa chỉ không được là localhost hay 127.0.0.1: máy của các đơn vị không tới được. Hãy dùng tên hoặc địa chỉ của máy chạy hệ thống trong mạng.',
          2,
        );
      if (url.search || url.hash || url.username || url.password) throw new UserError('Địa chỉ không được có phần “?…”, “#…” hay tên đăng nhập.', 2);
      if (url.pathname === '/') url.pathname = '/addin/';
      if (!url.pathname.endsWith('/')) url.pathname += '/';
      const { transformManifest } = (await import(
        pathToFileURL(path.join(PROJECT_ROOT, 'addin/build/manifest-transform.js')).href
      )) as typeof import('../addin/build/manifest-transform.js');
      const xml = transformManifest(readFileSync(path.join(PROJECT_ROOT, 'manifest.xml'), 'utf8'), url.href);
      const dest = path.resolve(values.out ?? 'manifest.xml');
      try {
        writeFileSync(dest, xml);
      } catch {
        throw new UserError(`Không ghi được “${dest}”. Hãy chọn nơi ghi được (--out TỆP).`);
      }
      out(`Đã ghi tệp kê khai của phần bổ trợ cho ${url.href}taskpane.html: ${dest}`);
      out(
        'Triển khai: Trung tâm quản trị Microsoft 365 › Cài đặt › Ứng dụng tích hợp › Tải lên ứng dụng tùy chỉnh; hoặc đặt tệp vào thư mục chia sẻ làm danh mục phần bổ trợ tin cậy (docs/addin-install.md).',
      );
      if (url.pathname !== '/addin/')
        out(
          `Lưu ý: hệ thống phục vụ ngăn kiểm tra ở đường dẫn /addin/; đường dẫn ${url.pathname} chỉ đúng khi có chương trình chuyển tiếp (reverse proxy) đưa về đó.`,
        );
      return 0;
    }
    case 'status': {
      const [
        { loadConfigQuick },
        { openLedger },
        { unitStatuses },
        { scanInbox },
        { REVIEW_LABEL },
        { FolderStore },
        { FOREIGN_UPLOAD },
        { foreignUploadNotice },
        { assertLedgerMatchesStore },
        { periodForCommand, loadCollection, NO_PERIOD },
      ] = await Promise.all([
        import('./config-cache.ts'),
        import('./ledger/index.ts'),
        import('./consolidate/statuses.ts'),
        import('./ingest/inbox-scan.ts'),
        import('../shared/review.ts'),
        import('./ingest/archive.ts'),
        import('./ingest/index.ts'),
        import('./http/console-views.ts'),
        import('./recovery.ts'),
        import('./settings.ts'),
      ]);
      const cfg = await loadConfigQuick(values.config);
      const ledger = openLedger(cfg);
      try {
        // A lost ledger would show every unit “chưa nộp”: say so instead (and exit non-zero).
        await assertLedgerMatchesStore(ledger, new FolderStore(cfg.paths.archive), { readOnly: true });
        // No period opened yet (a new system, before the office opens one): the state says so; not a failure.
        const entry = await periodForCommand(ledger, cfg, values.period).catch((e: unknown) => {
          if (!values.period && e instanceof Error && e.message === NO_PERIOD) return undefined;
          throw e;
        });
        if (!entry) out(`${NO_PERIOD.split('. ')[0]}: mở kỳ báo cáo trên trang quản lý, mục “Kỳ báo cáo”.`);
        const { catalog, period } = entry ?? { catalog: cfg.catalog, period: undefined };
        const statuses = period ? await unitStatuses(catalog, period, ledger, new Date()) : [];
        if (period) out(`${period.header} — hạn nộp ${formatTimeVi(period.deadline)}`);
        const width = Math.max(0, ...statuses.map((s) => s.name.length));
        for (const s of statuses) {
          const review =
            s.state === 'accepted' && s.review
              ? ` (${REVIEW_LABEL[s.review].toLowerCase()}${s.held.length ? `; ${s.held.length} bản nộp chờ mở khoá` : ''})`
              : '';
          const state = s.state === 'accepted' ? `đã nộp, hợp lệ${review}` : s.state === 'rejected' ? 'đã nộp, KHÔNG HỢP LỆ' : 'chưa nộp';
          const when = s.record ? ` lúc ${formatTimeVi(s.record.receivedAt)}` : '';
          const late = s.state === 'accepted' ? (s.late ? ', nộp muộn' : ', đúng hạn') : s.overdue ? ', QUÁ HẠN' : '';
          out(`${s.name.padEnd(width)}  ${state}${when}${late}`);
          for (const p of s.problems.slice(0, 3)) out(`${' '.repeat(width + 2)}- ${p}`);
        }
        const scan = scanInbox(cfg.paths.inbox, cfg.inbox.settleMs);
        const waiting = scan.ready.length + scan.settling.length;
        if (waiting) out(`Thư mục nộp báo cáo chung: ${waiting} tệp chờ nhận ở lượt sau.`);
        for (const n of scan.skipped) out(`Bỏ qua ${n.name}: ${n.reason}.`);
        for (const n of scan.refused) out(`Không nhận ${n.name}: ${n.reason}`);
        const collection = await loadCollection(ledger);
        if (period) for (const e of await ledger.events({ period: period.id, kind: FOREIGN_UPLOAD, limit: 20 })) out(foreignUploadNotice(collection, e));
      } finally {
        await ledger.close();
      }
      return 0;
    }
    case 'token': {
      const [{ loadConfigQuick }, { openLedger }, { findUnit }, { newToken }, { loadCollection }] = await Promise.all([
        import('./config-cache.ts'),
        import('./ledger/index.ts'),
        import('../shared/catalog.ts'),
        import('./http/tokens.ts'),
        import('./settings.ts'),
      ]);
      const cfg = await loadConfigQuick(values.config);
      const ledger = openLedger(cfg);
      const now = new Date();
      try {
        // The units of the periods collected (newest first), else of the configured catalogue.
        const catalogs = [...(await loadCollection(ledger)).periods.map((p) => p.catalog).reverse(), cfg.catalog];
        const unit = values.unit ? catalogs.map((c) => findUnit(c, values.unit!.toUpperCase())).find(Boolean) : undefined;
        if (!unit) throw new UserError(`Thiếu hoặc sai --unit. Các mã đơn vị: ${catalogs[0].units.map((u) => `${u.code} (${u.name})`).join(', ')}.`);
        if (values.revoke) {
          out(`Đã thu hồi ${await ledger.revokeTokens(unit.code, now.toISOString())} mã truy cập của ${unit.name}.`);
        } else if (values.enrol) {
          const { newEnrolmentCode, normalizeCode, ENROLMENT_DAYS } = await import('./http/tokens.ts');
          const code = newEnrolmentCode();
          const expires = new Date(now.getTime() + ENROLMENT_DAYS * 86_400_000);
          await ledger.addEnrolment(unit.code, normalizeCode(code), now.toISOString(), expires.toISOString());
          out(`Mã đăng ký của ${unit.name} (dùng một lần, hết hạn lúc ${formatTimeVi(expires)}):`);
          out(code);
          out('Đơn vị nhập mã này trong phần bổ trợ khi nộp báo cáo lần đầu; không gửi kèm trong biểu mẫu.');
        } else {
          const token = newToken(unit.code);
          await ledger.addToken(unit.code, token, now.toISOString());
          out(`Mã truy cập nộp báo cáo của ${unit.name} (chỉ hiện một lần, hãy gửi riêng cho đơn vị):`);
          out(token);
        }
      } finally {
        await ledger.close();
      }
      return 0;
    }
    case 'rebuild': {
      const service = await serviceFor(values);
      try {
        const { rebuildLedger } = await import('./recovery.ts');
        const { settingsJournalPath } = await import('./settings.ts');
        const r = await service.exclusive(() =>
          rebuildLedger(
            {
              ledger: service.ledger,
              store: service.store,
              settingsJournal: settingsJournalPath(service.cfg.paths.archive),
              context: () => service.ingestContext(),
              maxFileBytes: service.cfg.limits.maxFileBytes,
            },
            { onProgress: progress('Đang dựng lại') },
          ),
        );
        out(
          `Đã dựng lại sổ theo dõi từ ${r.files} tệp trong kho lưu trữ: ${r.accepted} hợp lệ, ${r.rejected} không hợp lệ${r.foreign ? `, ${r.foreign} lần đơn vị gửi tệp của đơn vị khác (bị từ chối)` : ''}.`,
        );
        if (r.reviews.replayed || r.reviews.skipped || r.reviews.damaged) {
          out(
            `Kết quả duyệt khôi phục từ nhật ký duyệt: ${r.reviews.replayed} lần thao tác${r.reviews.damaged ? `; ${r.reviews.damaged} dòng nhật ký hỏng, đã bỏ qua` : ''}.`,
          );
        }
        out(
          'Tài khoản trang quản lý không dựng lại được từ kho lưu trữ (hãy khôi phục từ bản sao lưu, hoặc tạo lại: khi chưa có tài khoản nào, “phuluc start” in địa chỉ thiết lập tài khoản quản trị đầu tiên).',
        );
        if (r.withoutSidecar) out(`${r.withoutSidecar} tệp lưu từ phiên bản cũ không có thông tin kèm theo: đã nhận lại với thời điểm của tệp.`);
        out('Mã truy cập của các đơn vị không dựng lại được (chỉ lưu dạng mã băm): hãy cấp mã đăng ký mới cho các đơn vị (phuluc token --unit MÃ --enrol).');
        const a = await service.consolidateNow();
        out(`${a.changed ? 'Đã ghi phụ lục' : 'Phụ lục không đổi'}: ${a.file}`);
      } finally {
        await service.stop();
      }
      return 0;
    }
    default:
      process.stderr.write(`Lệnh không hợp lệ: “${command}”.\n\n${HELP}\n`);
      return 2;
  }
}

/** `phuluc catalog check|propose|accept|export|import`: the year's catalogue (docs/catalog-format.md). */
async function catalogCommand(values: Values, positionals: string[]): Promise<number> {
  const [sub, file, ...extra] = positionals;
  const usage =
    'Cách dùng: phuluc catalog check TỆP [--previous TỆP], phuluc catalog propose --targets DANH_SÁCH.txt --year NĂM [--previous TỆP] [--config TỆP] --out ĐỀ_XUẤT.json, phuluc catalog accept ĐỀ_XUẤT.json --out DANH_MỤC.json, phuluc catalog export DANH_MỤC.json --out TỆP.xlsx, phuluc catalog import TỆP.xlsx --out DANH_MỤC.json.';
  if (extra.length || (sub === 'propose' && file)) throw new UserError(`Thừa tham số “${extra[0] ?? file}”. ${usage}`, 2);
  if (!['check', 'propose', 'accept', 'export', 'import'].includes(sub ?? '') || (sub !== 'propose' && !file)) throw new UserError(usage, 2);
  const [{ loadCatalogFile }, { readFile }, { writeFileAtomic }] = await Promise.all([import('./config.ts'), import('node:fs/promises'), import('./store.ts')]);
  const read = async (name: string, what: string) => {
    try {
      return await readFile(name);
    } catch {
      throw new UserError(`Không mở được ${what} “${name}”. Hãy kiểm tra tên và đường dẫn.`);
    }
  };
  const target = () => {
    if (!values.out) throw new UserError(`Thiếu --out TỆP (nơi ghi kết quả). ${usage}`, 2);
    return path.resolve(values.out);
  };
  const json = (x: unknown) => `${JSON.stringify(x, null, 2)}\n`;
  if (sub === 'check') {
    const { compareCatalogs } = await import('../shared/catalog-compare.ts');
    const next = loadCatalogFile(path.resolve(file), 'tên tệp danh mục');
    out(
      `Danh mục “${file}” hợp lệ: năm ${next.year}, ${next.indicators.length} chỉ tiêu trong ${next.groups.length} nhóm, ${next.units.length} đơn vị, ${next.periods.length} kỳ báo cáo.`,
    );
    if (values.previous) {
      const previous = loadCatalogFile(path.resolve(values.previous), 'tệp sau --previous');
      const changes = compareCatalogs(previous, next);
      out(
        changes.length
          ? `So với danh mục năm ${previous.year}, cần xem lại ${changes.length} điểm:`
          : `So với danh mục năm ${previous.year}: không có chỉ tiêu nào mất đi hay đổi đơn vị tính.`,
      );
      for (const c of changes) out(`  - ${c.message}`);
    }
    return 0;
  }
  if (sub === 'propose') {
    const [{ proposeCatalog, ProposeError }, { rowLabel }] = await Promise.all([import('../shared/catalog-propose.ts'), import('../shared/catalog-draft.ts')]);
    if (!values.targets) throw new UserError(`Thiếu --targets DANH_SÁCH.txt (danh sách chỉ tiêu của nghị quyết, chép ra tệp văn bản). ${usage}`, 2);
    const year = Number(values.year);
    if (!/^\d{4}$/.test(values.year ?? '') || year < 2000 || year > 2100)
      throw new UserError(`Thiếu hoặc sai --year (năm kế hoạch, ví dụ --year 2025). ${usage}`, 2);
    const outFile = target();
    const text = (await read(values.targets, 'danh sách chỉ tiêu')).toString('utf8');
    const cfg = values.config ? (await import('./config.ts')).loadConfig(values.config) : undefined;
    // Last year's catalogue: --previous, else the installation's own when it is last year's.
    const previous = values.previous
      ? loadCatalogFile(path.resolve(values.previous), 'tệp sau --previous')
      : cfg?.catalog.year === year - 1
        ? cfg.catalog
        : undefined;
    if (!previous) out(`Không có danh mục năm ${year - 1} (--previous, hoặc danh mục của hệ thống trong --config): mọi chỉ tiêu là chỉ tiêu mới.`);
    let lastYear;
    if (cfg && previous) {
      const [{ openLedger }, { lastYearFromLedger }] = await Promise.all([import('./ledger/index.ts'), import('./consolidate/last-year.ts')]);
      const ledger = openLedger(cfg);
      try {
        lastYear = await lastYearFromLedger(ledger, previous);
      } finally {
        await ledger.close();
      }
      out(`Số liệu năm ${previous.year}: ${lastYear.said}.`);
    } else if (previous) out(`Số liệu năm ${previous.year}: không đọc (không có --config của hệ thống năm ${previous.year}); “lastYear” để trống.`);
    let draft;
    try {
      draft = proposeCatalog({ text, year, previous, lastYear });
    } catch (e) {
      if (e instanceof ProposeError)
        throw new UserError(`Không đọc được danh sách chỉ tiêu “${values.targets}”:\n${e.problems.map((p) => `  - ${p}`).join('\n')}`);
      throw e;
    }
    writeFileAtomic(outFile, json(draft));
    const review = draft.rows.filter((r) => r.needsReview.length);
    out(
      `Đã đề xuất ${draft.rows.length} chỉ tiêu trong ${draft.catalog.groups.length} nhóm (${draft.rows.filter((r) => r.continues).length} tiếp nối chỉ tiêu năm ${year - 1}); đã ghi ${outFile}.`,
    );
    out(
      review.length || draft.needsReview.length
        ? `Cần xem lại ${review.length} dòng${draft.needsReview.length ? ` và ${draft.needsReview.length} điểm của cả danh mục` : ''}:`
        : 'Không có dòng nào cần xem lại.',
    );
    for (const r of draft.needsReview) out(`  - ${r}`);
    draft.rows.forEach((r, i) => {
      if (r.needsReview.length) out(`  - ${rowLabel(r, i)}: ${r.needsReview.map((p) => p.reason).join(' ')}`);
    });
    for (const u of draft.unread) out(`  · Không đọc thành chỉ tiêu, dòng ${u.line}: “${u.text}” (${u.why}).`);
    out(`Sửa bản đề xuất, xóa các điểm đã xem khỏi “needsReview”, rồi chạy: phuluc catalog accept ${path.basename(outFile)} --out DANH_MỤC.json`);
    return 0;
  }
  if (sub === 'accept') {
    const [{ DraftError, parseDraftText }, { finalizeDraft }] = await Promise.all([
      import('../shared/catalog-draft.ts'),
      import('../shared/catalog-draft-finalize.ts'),
    ]);
    const outFile = target();
    let catalog;
    try {
      catalog = finalizeDraft(parseDraftText((await read(file, 'bản đề xuất')).toString('utf8'), file), file);
    } catch (e) {
      if (e instanceof DraftError) throw new UserError(e.message);
      throw e;
    }
    writeFileAtomic(outFile, json(catalog));
    out(
      `Đã ghi danh mục năm ${catalog.year}: ${catalog.indicators.length} chỉ tiêu trong ${catalog.groups.length} nhóm, ${catalog.units.length} đơn vị; ${outFile}.`,
    );
    return 0;
  }
  const [{ WorkbookError }, { catalogFromWorkbook }, { catalogToWorkbook }] = await Promise.all([
    import('./catalog-workbook/layout.ts'),
    import('./catalog-workbook/read.ts'),
    import('./catalog-workbook/write.ts'),
  ]);
  const outFile = target();
  if (sub === 'export') {
    const catalog = loadCatalogFile(path.resolve(file), 'tên tệp danh mục');
    writeFileAtomic(outFile, await catalogToWorkbook(catalog));
    out(
      `Đã ghi sổ làm việc ${outFile}: ${catalog.indicators.length} chỉ tiêu. Sửa trong Excel rồi chạy: phuluc catalog import ${path.basename(outFile)} --out DANH_MỤC.json`,
    );
    return 0;
  }
  let catalog;
  try {
    catalog = await catalogFromWorkbook(new Uint8Array(await read(file, 'sổ làm việc')), file);
  } catch (e) {
    if (e instanceof WorkbookError) throw new UserError(e.message);
    throw e;
  }
  writeFileAtomic(outFile, json(catalog));
  out(`Danh mục trong “${file}” hợp lệ: năm ${catalog.year}, ${catalog.indicators.length} chỉ tiêu trong ${catalog.groups.length} nhóm; đã ghi ${outFile}.`);
  return 0;
}

/** `phuluc user add|password|disable|list`: the planning office's accounts for the console. */
async function userCommand(values: Values, positionals: string[]): Promise<number> {
  const [sub, rawName, ...extra] = positionals;
  const usage = 'Cách dùng: phuluc user add TÊN --role quan-tri|ke-hoach|lanh-dao, phuluc user password TÊN, phuluc user disable TÊN, phuluc user list.';
  if (extra.length) throw new UserError(`Thừa tham số “${extra[0]}”. ${usage}`, 2);
  if (!sub || !['add', 'password', 'disable', 'list'].includes(sub)) throw new UserError(usage, 2);
  const [{ loadConfig }, { openLedger }, accounts, { ROLE_LABEL }] = await Promise.all([
    import('./config.ts'),
    import('./ledger/index.ts'),
    import('./review/accounts.ts'),
    import('../shared/accounts.ts'),
  ]);
  const cfg = loadConfig(values.config);
  if (sub === 'list') {
    const ledger = openLedger(cfg);
    try {
      const list = await ledger.users();
      if (!list.length)
        out(
          'Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên tại địa chỉ thiết lập mà “phuluc start” in ra, hoặc bằng: phuluc user add TÊN --role quan-tri',
        );
      for (const u of list)
        out(
          `${u.name}  ${ROLE_LABEL[u.role]}  tạo lúc ${formatTimeVi(u.createdAt)}${u.disabledAt ? `  (đã khoá lúc ${formatTimeVi(u.disabledAt)})` : ''}${u.fullName ? `  — ${u.fullName}` : ''}`,
        );
    } finally {
      await ledger.close();
    }
    return 0;
  }
  if (!rawName) throw new UserError(`Thiếu tên tài khoản. ${usage}`, 2);
  const name = accounts.normalizeUserName(rawName);
  const role = sub === 'add' ? accounts.parseRole(values.role) : undefined;
  // The name the console shows for the officer's actions (the board, the audit, the appendix's sheets).
  const fullName = values['full-name']?.replace(/\s+/g, ' ').trim();
  if (fullName !== undefined && (fullName.length < 2 || fullName.length > 80)) throw new UserError('Họ và tên (--full-name) cần từ 2 đến 80 ký tự.', 2);
  let hash: string | undefined;
  if (sub !== 'disable') {
    const { readNewPassword } = await import('./review/password-prompt.ts');
    const password = await readNewPassword();
    accounts.checkNewPassword(password);
    hash = await accounts.hashPassword(password);
  }
  const ledger = openLedger(cfg);
  const now = new Date().toISOString();
  try {
    if (sub === 'add') {
      if (!(await ledger.addUser({ name, role: role!, passwordHash: hash!, createdAt: now, disabledAt: null, ...(fullName ? { fullName } : {}) }))) {
        throw new UserError(`Đã có tài khoản “${name}”. Để đặt lại mật khẩu: phuluc user password ${name}`, 1);
      }
      out(
        `Đã tạo tài khoản “${name}”${fullName ? ` của ${fullName}` : ''} (${ROLE_LABEL[role!]}). Mở trang quản lý tại ${cfg.intakeUrl ?? `http://${cfg.http.host}:${cfg.http.port}`}/ khi hệ thống đang chạy (phuluc start).`,
      );
      if (!fullName)
        out(
          `Tài khoản chưa có họ và tên: trang quản lý sẽ ghi “${name}” bên cạnh việc người này làm. Thêm họ và tên ở trang Tài khoản, hoặc tạo lại với --full-name.`,
        );
    } else if (sub === 'password') {
      if (!(await ledger.setPassword(name, hash!))) throw new UserError(`Không có tài khoản “${name}”. Xem các tài khoản: phuluc user list`, 1);
      const ended = await ledger.deleteSessions(name);
      out(`Đã đặt lại mật khẩu của “${name}”${ended ? `; ${ended} phiên làm việc đang mở đã được đóng` : ''}.`);
    } else {
      if (!(await ledger.disableUser(name, now))) throw new UserError(`Không có tài khoản “${name}”. Xem các tài khoản: phuluc user list`, 1);
      out(`Đã khoá tài khoản “${name}”; các phiên làm việc của tài khoản đã được đóng.`);
    }
  } finally {
    await ledger.close();
  }
  return 0;
}

main(process.argv.slice(2))
  .then((code) => {
    if (code !== undefined) process.exitCode = code;
  })
  .catch(async (e: unknown) => {
    const known = describeError(e);
    process.stderr.write(`${known ?? UNEXPECTED}\n`);
    if (!known) {
      // The details, for whoever helps: in the log file when there is one, else a file beside the temp folder.
      const { writeCrashLog } = await import('./log.ts');
      const where = writeCrashLog(e, logFile);
      process.stderr.write(`Nhật ký: ${where}\n`);
    }
    process.exitCode = e instanceof UserError ? e.exitCode : 1;
  });
