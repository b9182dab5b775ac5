/**
 * What the planning office decides, beside the files and the review: the catalogues (each version
 * kept), the periods opened against them (deadlines moved, closed, reopened), the units' e-mail
 * addresses and the units excused from a period. Each change goes to the ledger, to the events (the
 * audit: who, when, what) and, one JSON line fsynced, to the settings journal beside the archive,
 * which `phuluc rebuild` replays before it takes the files again — so a lost ledger comes back with
 * its periods, and the files with the periods they were filed under.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { catalogHash, findPeriod, type Catalog } from '../shared/catalog.ts';
import { currentPeriod, findCollected, type CollectedPeriod, type Collection } from '../shared/collection.ts';
import { formatTimeVi } from '../shared/format.ts';
import { PERIOD_KIND_WORD, periodParts } from '../shared/period.ts';
import { UserError } from './errors.ts';
import type { CatalogVersion, EventStore, PeriodRecord, SettingsStore } from './ledger/contract.ts';

/** The settings journal, beside the store of originals and the review journal. */
export const SETTINGS_JOURNAL = 'settings.jsonl';

export function settingsJournalPath(archiveDir: string): string {
  return path.join(archiveDir, SETTINGS_JOURNAL);
}

/** The kinds of events the settings record (the audit page reads them). */
export const SETTING_EVENTS = {
  catalogAdded: 'catalog_added',
  periodOpened: 'period_opened',
  deadlineMoved: 'deadline_moved',
  periodClosed: 'period_closed',
  periodReopened: 'period_reopened',
  periodCatalogChanged: 'period_catalog_changed',
  unitEmail: 'unit_email_set',
  excused: 'unit_excused',
  excuseWithdrawn: 'unit_excuse_withdrawn',
} as const;

type JournalLine =
  | { v: 1; kind: 'catalog'; catalog: Omit<CatalogVersion, 'version'> }
  | { v: 1; kind: 'period-open'; period: Omit<PeriodRecord, 'closedAt' | 'closedBy'> }
  | { v: 1; kind: 'period-change'; id: string; change: Partial<Pick<PeriodRecord, 'deadline' | 'catalogVersion' | 'closedAt' | 'closedBy'>> }
  | { v: 1; kind: 'unit-email'; unit: string; email: string | null; at: string; by: string | null }
  | { v: 1; kind: 'excusal'; period: string; unit: string; reason: string | null; at: string; actor: string };

type Store = SettingsStore & EventStore;

/** Appends one line and waits until it is on the disk (one write: lines of several processes never interleave). */
async function appendLine(file: string, line: JournalLine): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const fh = await open(file, 'a', 0o644);
  try {
    await fh.write(`${JSON.stringify(line)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The period's header as a person reads it, also for a period id the catalogue does not have. */
function periodName(catalog: Catalog | undefined, id: string): string {
  const p = catalog && findPeriod(catalog, id);
  if (p) return p.header;
  const parts = periodParts(id);
  return parts ? `${PERIOD_KIND_WORD[parts.kind]} ${parts.year}` : id;
}

export class Settings {
  private cached?: Promise<Collection>;

  constructor(
    private readonly store: Store,
    private readonly journal: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Forgets the cached collection (another process may have changed the ledger). */
  invalidate(): void {
    this.cached = undefined;
  }

  /** What the worker collects: every period opened, with its catalogue version and deadline. */
  collection(): Promise<Collection> {
    this.cached ??= this.load().catch((e) => {
      this.cached = undefined;
      throw e;
    });
    return this.cached;
  }

  private async load(): Promise<Collection> {
    return loadCollection(this.store);
  }

  /** The stored catalogue versions (the newest version of each id last). */
  catalogVersions(id?: string): Promise<CatalogVersion[]> {
    return this.store.catalogVersions(id);
  }

  /** Keeps a catalogue as a new version, unless the same content is stored already. */
  async addCatalog(catalog: Catalog, source: string, actor: string | null): Promise<{ catalog: CatalogVersion; added: boolean }> {
    const entry = { id: catalog.id, hash: catalogHash(catalog), content: catalog, createdAt: this.now().toISOString(), createdBy: actor, source };
    const r = await this.store.addCatalog(entry);
    if (r.added) {
      await appendLine(this.journal, { v: 1, kind: 'catalog', catalog: entry });
      await this.event(SETTING_EVENTS.catalogAdded, null, null, actor, { catalogId: catalog.id, version: r.catalog.version, year: catalog.year, source });
    }
    return r;
  }

  /**
   * Opens a period of a stored catalogue (its newest version unless told), with the office's
   * deadline (the catalogue's by default). Refused, saying why, when the period is open or was opened before.
   */
  async openPeriod(o: { catalogId: string; periodId: string; deadline?: string; version?: number; actor: string | null }): Promise<PeriodRecord> {
    const versions = await this.store.catalogVersions(o.catalogId);
    const version = o.version === undefined ? versions.at(-1) : versions.find((v) => v.version === o.version);
    if (!version)
      throw new UserError(
        `Chưa có danh mục chỉ tiêu “${o.catalogId}”${o.version ? ` phiên bản ${o.version}` : ''} trong hệ thống. Hãy nạp danh mục trước khi mở kỳ báo cáo.`,
      );
    const period = findPeriod(version.content, o.periodId);
    if (!period) {
      throw new UserError(
        `Danh mục chỉ tiêu năm ${version.content.year} không có kỳ “${o.periodId}”. Các kỳ có: ${version.content.periods.map((p) => p.header).join(', ')}.`,
      );
    }
    const deadline = o.deadline ?? period.deadline;
    if (Number.isNaN(Date.parse(deadline))) throw new UserError('Hạn nộp không đúng dạng thời điểm. Hãy chọn lại ngày và giờ.');
    const record = { id: o.periodId, catalogId: o.catalogId, catalogVersion: version.version, deadline, openedAt: this.now().toISOString(), openedBy: o.actor };
    if (!(await this.store.openPeriod(record))) {
      const known = (await this.store.periods()).find((p) => p.id === o.periodId);
      throw new UserError(
        known?.closedAt
          ? `Kỳ “${period.header}” đã được mở trước đây và đã đóng. Hãy mở lại kỳ đó thay vì mở mới.`
          : `Kỳ “${period.header}” đang được thu rồi.`,
      );
    }
    await appendLine(this.journal, { v: 1, kind: 'period-open', period: record });
    await this.event(SETTING_EVENTS.periodOpened, o.periodId, null, o.actor, {
      catalogId: o.catalogId,
      version: version.version,
      deadline,
      header: period.header,
    });
    this.invalidate();
    return { ...record, closedAt: null, closedBy: null };
  }

  /** Moves a period's deadline. */
  async moveDeadline(periodId: string, deadline: string, actor: string | null): Promise<void> {
    if (Number.isNaN(Date.parse(deadline))) throw new UserError('Hạn nộp không đúng dạng thời điểm. Hãy chọn lại ngày và giờ.');
    const before = await this.record(periodId);
    await this.change(periodId, { deadline }, actor, SETTING_EVENTS.deadlineMoved, { from: before.deadline, to: deadline });
  }

  /**
   * Moves a period to another version of its catalogue (a correction published after the period
   * was opened): an explicit act of the office, recorded with both versions. The files already
   * received stay; from now on they are assessed, and new files taken, against that version.
   */
  async moveToVersion(periodId: string, version: number, actor: string | null): Promise<void> {
    const before = await this.record(periodId);
    if (before.catalogVersion === version) throw new UserError(`Kỳ này đang dùng phiên bản ${version} của danh mục chỉ tiêu rồi.`);
    const target = (await this.store.catalogVersions(before.catalogId)).find((v) => v.version === version);
    if (!target) throw new UserError(`Danh mục chỉ tiêu này không có phiên bản ${version}.`);
    const period = findPeriod(target.content, periodId);
    if (!period)
      throw new UserError(`Phiên bản ${version} của danh mục chỉ tiêu không có kỳ “${periodName(undefined, periodId)}”, nên không chuyển kỳ này sang được.`);
    await this.change(periodId, { catalogVersion: version }, actor, SETTING_EVENTS.periodCatalogChanged, {
      catalogId: before.catalogId,
      from: before.catalogVersion,
      to: version,
      year: target.content.year,
      header: period.header,
    });
  }

  /** Closes a period: its files, board and appendices stay; no new file is taken for it. */
  async closePeriod(periodId: string, actor: string | null): Promise<void> {
    const before = await this.record(periodId);
    if (before.closedAt) throw new UserError(`Kỳ này đã đóng lúc ${formatTimeVi(before.closedAt)}.`);
    await this.change(periodId, { closedAt: this.now().toISOString(), closedBy: actor }, actor, SETTING_EVENTS.periodClosed, {});
  }

  /** Opens a closed period again. */
  async reopenPeriod(periodId: string, actor: string | null): Promise<void> {
    const before = await this.record(periodId);
    if (!before.closedAt) throw new UserError('Kỳ này đang mở.');
    await this.change(periodId, { closedAt: null, closedBy: null }, actor, SETTING_EVENTS.periodReopened, {});
  }

  /** A unit's e-mail address for reminders ("" or null removes it). */
  async setUnitEmail(unit: string, email: string | null, actor: string | null): Promise<void> {
    const clean = email?.trim() || null;
    if (clean !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(clean))
      throw new UserError(`Địa chỉ thư điện tử “${clean}” không đúng dạng (ví dụ: phongkinhte@honglinh.gov.vn).`);
    const at = this.now().toISOString();
    await this.store.setUnitEmail(unit, clean, at, actor);
    await appendLine(this.journal, { v: 1, kind: 'unit-email', unit, email: clean, at, by: actor });
    await this.event(SETTING_EVENTS.unitEmail, null, unit, actor, { email: clean });
  }

  /** Excuses a unit from a period (“miễn nộp kỳ này”), with a reason; a null reason takes the excuse back. */
  async excuse(periodId: string, unit: string, reason: string | null, actor: string): Promise<void> {
    const clean = reason?.trim() || null;
    if (reason !== null && !clean) throw new UserError('Hãy ghi lý do miễn nộp để các bên cùng biết.');
    if (clean && clean.length > 500) throw new UserError('Lý do miễn nộp dài quá 500 ký tự; hãy viết ngắn lại.');
    const at = this.now().toISOString();
    await this.store.setExcusal(periodId, unit, clean, at, actor);
    await appendLine(this.journal, { v: 1, kind: 'excusal', period: periodId, unit, reason: clean, at, actor });
    await this.event(clean ? SETTING_EVENTS.excused : SETTING_EVENTS.excuseWithdrawn, periodId, unit, actor, clean ? { reason: clean } : {});
  }

  private async record(periodId: string): Promise<PeriodRecord> {
    const r = (await this.store.periods()).find((p) => p.id === periodId);
    if (!r) throw new UserError(`Chưa mở kỳ báo cáo “${periodName(undefined, periodId)}”.`);
    return r;
  }

  private async change(
    periodId: string,
    change: Partial<Pick<PeriodRecord, 'deadline' | 'catalogVersion' | 'closedAt' | 'closedBy'>>,
    actor: string | null,
    kind: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.store.updatePeriod(periodId, change);
    await appendLine(this.journal, { v: 1, kind: 'period-change', id: periodId, change });
    await this.event(kind, periodId, null, actor, detail);
    this.invalidate();
  }

  private async event(kind: string, period: string | null, unit: string | null, actor: string | null, detail: Record<string, unknown>): Promise<void> {
    await this.store.addEvent({ at: this.now().toISOString(), kind, period, unit, actor, sha256: null, detail });
  }
}

/** What is collected, from the ledger: every period opened, with its catalogue version and the office's deadline. */
export async function loadCollection(store: Pick<SettingsStore, 'periods' | 'catalogVersions'>): Promise<Collection> {
  const [records, versions] = await Promise.all([store.periods(), store.catalogVersions()]);
  const byKey = new Map(versions.map((v) => [`${v.id}@${v.version}`, v.content]));
  const periods: CollectedPeriod[] = [];
  for (const r of records) {
    const catalog = byKey.get(`${r.catalogId}@${r.catalogVersion}`);
    const period = catalog && findPeriod(catalog, r.id);
    if (!catalog || !period) continue; // a catalogue version lost with a damaged ledger: nothing to collect against
    periods.push({
      catalog,
      catalogVersion: r.catalogVersion,
      period: { ...period, deadline: r.deadline },
      open: r.closedAt === null,
      openedAt: r.openedAt,
      ...(r.closedAt ? { closedAt: r.closedAt } : {}),
    });
  }
  return { periods };
}

/** Said when nothing is collected yet. */
export const NO_PERIOD = 'Chưa có kỳ báo cáo nào được mở. Hãy mở một kỳ báo cáo trên trang quản lý (mục “Kỳ báo cáo”) rồi chạy lại.';

/**
 * The period a command works on (`status`, `report`, `check-report`): the one asked for, else the
 * current one; for a ledger that keeps no period yet (written before periods were kept, or never
 * started), the configured one, as before.
 */
export async function periodForCommand(
  store: Pick<SettingsStore, 'periods' | 'catalogVersions'>,
  configured: { catalog: Catalog; period: CollectedPeriod['period']; collectConfigured?: boolean },
  periodId?: string,
): Promise<CollectedPeriod> {
  const c = await loadCollection(store);
  if (periodId) {
    const found = findCollected(c, periodId) ?? (c.periods.length === 0 && configured.period.id === periodId ? undefined : null);
    if (found) return found;
    if (found === null) {
      const known = c.periods.map((p) => `${p.period.id} (${p.period.header})`).join(', ');
      throw new UserError(`Kỳ báo cáo “${periodId}” chưa được mở.${known ? ` Các kỳ đã mở: ${known}.` : ''}`, 2);
    }
  }
  const current = currentPeriod(c);
  if (current) return current;
  // Nothing opened yet: the period the configuration names (opened at the service's first start), else none.
  if (configured.collectConfigured === false) throw new UserError(NO_PERIOD);
  return { catalog: configured.catalog, catalogVersion: 0, period: configured.period, open: true, openedAt: '' };
}

export interface SettingsReplay {
  lines: number;
  damaged: number;
}

/**
 * Writes the journal's settings into a (rebuilt) ledger, in order, without journalling them again;
 * a catalogue line is validated again (a damaged one is skipped).
 */
export async function replaySettings(store: SettingsStore, file: string): Promise<SettingsReplay> {
  if (!existsSync(file)) return { lines: 0, damaged: 0 };
  const out: SettingsReplay = { lines: 0, damaged: 0 };
  for (const text of (await readFile(file, 'utf8')).split('\n')) {
    if (!text.trim()) continue;
    try {
      const l = JSON.parse(text) as JournalLine;
      if (l.v !== 1) throw new Error('unknown version');
      if (l.kind === 'catalog') {
        // Validated when it was first stored; a line cut or damaged since is not a catalogue.
        if (!l.catalog?.content?.id || !Array.isArray(l.catalog.content.indicators)) throw new Error('not a catalogue');
        await store.addCatalog(l.catalog);
      } else if (l.kind === 'period-open') await store.openPeriod(l.period);
      else if (l.kind === 'period-change') await store.updatePeriod(l.id, l.change);
      else if (l.kind === 'unit-email') await store.setUnitEmail(l.unit, l.email, l.at, l.by);
      else if (l.kind === 'excusal') await store.setExcusal(l.period, l.unit, l.reason, l.at, l.actor);
      else throw new Error('unknown kind');
      out.lines++;
    } catch {
      out.damaged++;
    }
  }
  return out;
}
