/**
 * Worker configuration: one optional JSON file. With none, everything lives under ./data and the
 * embedded 2023 catalogue is collected for its "Ước thực hiện" period.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { findPeriod, type Catalog, type Period } from '../shared/catalog.ts';
import { defaultPeriodId } from '../shared/period.ts';
import { UserError } from './errors.ts';
import { issueMessage, parseCatalogText } from '../shared/catalog-schema.ts';
import { jsonErrorPlace } from '../shared/json-text.ts';
import { catalogFileOf, configBase, dataDirOf, makeDataFolder, pathsFor, type Paths } from './paths.ts';

export { EMBEDDED_CATALOG, PROJECT_ROOT, pathsFor, type Paths } from './paths.ts';
import { EMBEDDED_CATALOG } from './paths.ts';

const ConfigSchema = z
  .object({
    dataDir: z.string().default('./data'),
    catalog: z.string().optional(),
    period: z.string().optional(),
    /** Overrides the catalogue's deadline for the period (ISO with offset). */
    deadline: z.iso.datetime({ offset: true }).optional(),
    schedule: z
      .object({
        cron: z.string().default('*/5 7-17 * * 1-6'),
        timezone: z.string().default('Asia/Ho_Chi_Minh'),
      })
      .strict()
      .default({ cron: '*/5 7-17 * * 1-6', timezone: 'Asia/Ho_Chi_Minh' }),
    inbox: z
      .object({
        /** A file is taken once its size and time have not changed for this long. */
        settleMs: z.number().int().min(0).default(3000),
      })
      .strict()
      .default({ settleMs: 3000 }),
    limits: z
      .object({
        maxFileBytes: z
          .number()
          .int()
          .positive()
          .default(20 * 1024 * 1024),
      })
      .strict()
      .default({ maxFileBytes: 20 * 1024 * 1024 }),
    protectionPassword: z.string().min(1).default('phuluc'),
    /** The appendix's optional columns beside Phụ lục 1's (off: the appendix is exactly the report's). */
    appendix: z
      .object({
        derived: z
          .object({ plan: z.boolean().default(false), lastYear: z.boolean().default(false) })
          .strict()
          .default({ plan: false, lastYear: false }),
      })
      .strict()
      .default({ derived: { plan: false, lastYear: false } }),
    /** A run lock not refreshed for this long belongs to a killed process and is taken over. */
    lockStaleMs: z.number().int().min(2000).default(10_000),
    http: z
      .object({
        enabled: z.boolean().default(true),
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8787),
        tlsCert: z.string().optional(),
        tlsKey: z.string().optional(),
        /** The add-in's origin, the only one CORS lets in. */
        addinOrigin: z.string().default('https://localhost:3000'),
        /**
         * Behind a reverse proxy (nginx, IIS): whom to believe about the client's address
         * (Fastify's trustProxy: true, a hop count, or the proxy's address/CIDR such as "127.0.0.1").
         * Without it every officer seems to come from the proxy, and the login limit per address would
         * count them together.
         */
        trustProxy: z.union([z.boolean(), z.number().int().min(1), z.string().min(1)]).optional(),
        /** The address departments reach the intake at (written into templates); default: scheme://host:port. */
        publicUrl: z.string().url().optional(),
        maxUploadBytes: z
          .number()
          .int()
          .positive()
          .default(5 * 1024 * 1024),
        /** Consolidate this long after a submission arrives over HTTP. */
        consolidateDelayMs: z.number().int().min(0).default(1000),
      })
      .strict()
      .default({
        enabled: true,
        host: '127.0.0.1',
        port: 8787,
        addinOrigin: 'https://localhost:3000',
        maxUploadBytes: 5 * 1024 * 1024,
        consolidateDelayMs: 1000,
      }),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /**
     * A backup every night (worker/backup.ts): into `dir` (relative to this file), at `at` (HH:MM,
     * the schedule's time zone), keeping the newest `keep`; the console warns when the last backup is
     * older than `warnDays` days.
     */
    backup: z
      .object({
        dir: z.string().min(1),
        at: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'cần giờ dạng GIỜ:PHÚT, ví dụ 02:30')
          .default('02:30'),
        keep: z.number().int().min(1).default(14),
        warnDays: z.number().int().min(1).default(2),
      })
      .strict()
      .optional(),
    /**
     * The office's SMTP server, for reminders by e-mail (optional: without it the console gives the
     * texts to copy). The password may stay out of the file: PHULUC_SMTP_PASSWORD.
     */
    smtp: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(587),
        /** TLS from the start (port 465); else STARTTLS when the server offers it. */
        secure: z.boolean().optional(),
        user: z.string().optional(),
        password: z.string().optional(),
        /** “Phòng Tài chính - Kế hoạch <tckh@honglinh.gov.vn>”. */
        from: z.string().min(3),
        replyTo: z.string().optional(),
        /** false: accept a certificate the server made itself (an office's own mail server). */
        rejectUnauthorized: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /**
     * The ledger on PostgreSQL instead of the embedded SQLite file (several workers may share it).
     * The password may be left out of the address: the client reads PGPASSWORD or ~/.pgpass.
     */
    ledger: z
      .object({
        url: z.string().regex(/^postgres(ql)?:\/\//, 'cần địa chỉ dạng postgres://người_dùng@máy_chủ:cổng/tên_cơ_sở_dữ_liệu'),
        /** A file claimed by a worker that stopped answering for this long is taken over by another. */
        claimTimeoutMs: z.number().int().min(1000).default(60_000),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof ConfigSchema>;

export interface Config extends Omit<ConfigFile, 'catalog' | 'period' | 'deadline'> {
  source: string;
  /** The intake address written into templates (intakeAddress() at the configured port), when the intake is on. */
  intakeUrl?: string;
  paths: Paths;
  catalogFile: string;
  /** The catalogue the configuration names (`catalog`), else the embedded 2023 one. */
  catalog: Catalog;
  /** The period the configuration names (`period`, `deadline`), else the catalogue's estimate: opened on first start (see WorkerService.prepare). */
  period: Period;
  /** The configuration names a catalogue file. */
  catalogNamed: boolean;
  /** The configuration names a period (or a deadline for it). */
  periodNamed: boolean;
  /**
   * A config file that names a catalogue, a period or a deadline (or a caller's settings, as the
   * demo's) says what to collect: its period is opened on a first start. Otherwise (`phuluc start` in
   * an empty folder, or a config of addresses and folders only), the console opens the periods.
   */
  collectConfigured: boolean;
}

export class ConfigError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Loads and validates the config (or the defaults); paths in the file are relative to it. */
export function loadConfig(file?: string, overrides: Partial<ConfigFile> = {}): Config {
  let raw: unknown = {};
  const source = file ? path.resolve(file) : '(mặc định)';
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(
        `Không đọc được tệp cấu hình “${file}”: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'không có tệp này' : 'không mở được tệp (kiểm tra quyền đọc)'}. Hãy kiểm tra đường dẫn sau --config.`,
      );
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(
        `Tệp cấu hình “${file}” sai cú pháp JSON ở ${jsonErrorPlace(text, e)}. Hãy kiểm tra dấu phẩy, ngoặc và dấu nháy kép quanh tên trường.`,
      );
    }
  }
  const r = ConfigSchema.safeParse({ ...(raw as object), ...overrides }, { reportInput: true });
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - “${i.path.join('.') || '(toàn bộ tệp)'}”: ${issueMessage(i)}.`);
    throw new ConfigError(`Tệp cấu hình “${source}” không hợp lệ:\n${lines.join('\n')}`);
  }
  const cfg = r.data;
  const base = configBase(file);
  const catalogFile = catalogFileOf(file, cfg.catalog);
  const catalog = loadCatalogFile(catalogFile, 'trường “catalog” trong tệp cấu hình');
  const periodId = cfg.period ?? defaultPeriodId(catalog.year);
  const found = findPeriod(catalog, periodId);
  if (!found) {
    throw new ConfigError(`Kỳ báo cáo “${periodId}” không có trong danh mục ${catalog.id}. Các kỳ có: ${catalog.periods.map((p) => p.id).join(', ')}.`);
  }
  const period = cfg.deadline ? { ...found, deadline: cfg.deadline } : found;
  const { catalog: _c, period: _p, deadline: _d, ...rest } = cfg;
  const http = {
    ...cfg.http,
    tlsCert: cfg.http.tlsCert && path.resolve(base, cfg.http.tlsCert),
    tlsKey: cfg.http.tlsKey && path.resolve(base, cfg.http.tlsKey),
  };
  const backup = cfg.backup && { ...cfg.backup, dir: path.resolve(base, cfg.backup.dir) };
  if (Boolean(http.tlsCert) !== Boolean(http.tlsKey))
    throw new ConfigError(`Tệp cấu hình “${source}”: cần khai báo cả “http.tlsCert” và “http.tlsKey” để bật HTTPS.`);
  // The configured port: the server listens on it (port 0, a test's, is only known once listening).
  const intakeUrl = http.enabled ? intakeAddress(http, http.port) : undefined;
  const paths = pathsFor(dataDirOf(file, cfg.dataDir));
  try {
    makeDataFolder(paths.root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'không có quyền ghi'
        : code === 'EROFS'
          ? 'ổ chỉ đọc'
          : code === 'ENOSPC'
            ? 'ổ đĩa đã đầy'
            : 'không tạo hoặc ghi được tệp ở đó';
    throw new ConfigError(
      `Thư mục dữ liệu “${paths.root}” không dùng được để lưu tệp (${why}). Hãy chọn một thư mục trên ổ đĩa ghi được (trường “dataDir” trong tệp cấu hình ${source}) rồi chạy lại.`,
    );
  }
  return {
    ...rest,
    http,
    backup,
    source,
    intakeUrl,
    paths,
    catalogFile,
    catalog,
    period,
    catalogNamed: cfg.catalog !== undefined,
    periodNamed: cfg.period !== undefined || cfg.deadline !== undefined,
    collectConfigured: cfg.catalog !== undefined || cfg.period !== undefined || cfg.deadline !== undefined || Object.keys(overrides).length > 0,
  };
}

/** The catalogues shipped with the program (shared/catalog/*.json), validated; the newest year last. */
export function embeddedCatalogs(): Catalog[] {
  const dir = path.dirname(EMBEDDED_CATALOG);
  return readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .map((f) => loadCatalogFile(path.join(dir, f), 'danh mục kèm theo chương trình'));
}

/**
 * The address departments reach the intake at: `http.publicUrl` when the office set one (behind a
 * reverse proxy that ends TLS, say), else this server's own scheme, host and `port`. Never the Host
 * header of a request, which the client chooses. One function for the templates' metadata (the
 * configured port, before the server listens) and the enrolment answer (the listening port).
 */
export function intakeAddress(http: Pick<ConfigFile['http'], 'host' | 'tlsCert' | 'publicUrl'>, port: number): string {
  if (http.publicUrl) return http.publicUrl.replace(/\/+$/, '');
  const host = http.host.includes(':') && !http.host.startsWith('[') ? `[${http.host}]` : http.host;
  return `${http.tlsCert ? 'https' : 'http'}://${host}:${port}`;
}

/** Loads a catalogue file (the embedded 2023 one by default); `field` says where its name came from. */
export function loadCatalogFile(catalogFile = EMBEDDED_CATALOG, field = 'đường dẫn sau --catalog'): Catalog {
  let catalogText: string;
  try {
    catalogText = readFileSync(catalogFile, 'utf8');
  } catch (e) {
    throw new ConfigError(
      `Không đọc được danh mục chỉ tiêu “${catalogFile}”: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'không có tệp này' : 'không mở được tệp (kiểm tra quyền đọc)'}. Hãy kiểm tra ${field}.`,
    );
  }
  return parseCatalogText(catalogText, catalogFile);
}
