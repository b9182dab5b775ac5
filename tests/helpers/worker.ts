import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { indicatorsOf, reportingUnits, type Catalog, type Unit } from '../../shared/catalog.ts';
import { readActual } from '../../shared/target.ts';
import { loadConfig, type Config, type ConfigFile } from '../../worker/config.ts';
import { fillTemplate, type FillValue } from '../helpers/fill.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { realAppendix } from './catalog.ts';

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `phuluc-${prefix}-`));
}

/** Writes a config file for a test data folder and loads it the way the CLI does. */
export function testConfig(dir: string, extra: Partial<ConfigFile> = {}): { file: string; cfg: Config } {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'phuluc.config.json');
  // The real 2023 period, named as an installation that collects it names it (see Config.collectConfigured).
  writeFileSync(
    file,
    JSON.stringify(
      {
        dataDir: './data',
        inbox: { settleMs: 0 },
        logLevel: 'silent',
        lockStaleMs: 2000,
        ...(extra.catalog || extra.deadline ? {} : { period: '2023-uoc' }),
        ...extra,
      },
      null,
      2,
    ),
  );
  const cfg = loadConfig(file);
  mkdirSync(cfg.paths.inbox, { recursive: true });
  return { file, cfg };
}

/** Explanations the unmet rows need (the real appendix printed none for rows 2 and 14). */
const EXPLANATIONS: Record<number, string> = {
  2: 'Nhu cầu tiêu dùng giảm; giá vật tư, nguyên liệu đầu vào tăng cao.',
  14: 'Doanh nghiệp gặp khó khăn, nhu cầu tuyển dụng giảm.',
};

/** The real 2023 figures for a unit's rows, as plain numbers or as the printed texts. */
export function realFigures(catalog: Catalog, unit: Unit, asPrinted: boolean): Map<number, FillValue> {
  const real = realAppendix();
  const m = new Map<number, FillValue>();
  for (const ind of indicatorsOf(catalog, unit.code)) {
    const row = real.rows.find((r) => r.stt === ind.stt)!;
    const a = readActual(row.actual);
    const value = asPrinted || a.kind !== 'number' || /dưới|trên/i.test(row.actual) ? row.actual : a.value;
    const fn = row.footnote ?? row.actualFootnote;
    const note = fn ? real.footnotes[String(fn)] : (EXPLANATIONS[ind.stt] ?? null);
    m.set(ind.stt, { value, note });
  }
  return m;
}

/** Every reporting unit's template filled with the real figures, written into the inbox. */
export async function dropRealSubmissions(cfg: Config, asPrinted: boolean, only?: string[]): Promise<string[]> {
  mkdirSync(cfg.paths.inbox, { recursive: true });
  const files: string[] = [];
  for (const unit of reportingUnits(cfg.catalog)) {
    if (only && !only.includes(unit.code)) continue;
    const tpl = await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword);
    const file = path.join(cfg.paths.inbox, `${unit.code}.xlsx`);
    writeFileSync(file, await fillTemplate(tpl, realFigures(cfg.catalog, unit, asPrinted)));
    files.push(file);
  }
  return files;
}

const SUPERSCRIPTS = /\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/;
/** A printed cell without its footnote mark ("4 ⁷⁵" → "4"). */
export function withoutMark(s: string): string {
  return s.replace(SUPERSCRIPTS, '');
}

/**
 * A self-signed certificate made with openssl (EC P-256, 30 days) for `cn`, valid for 127.0.0.1
 * too: the paths of `<name>.crt` and `<name>.key` in `dir`.
 */
export function selfSignedCertificate(dir: string, name = 'cert', cn = '127.0.0.1'): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  const san = 'subjectAltName=IP:127.0.0.1';
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '30',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      san,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}
