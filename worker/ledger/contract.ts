/**
 * The ledger's contract: every file ever received (accepted or rejected, never deleted), intake
 * tokens as hashes, and the appendix versions written. One contract, several back ends (the
 * embedded SQLite file by default; PostgreSQL when a province outgrows one machine), held to it by
 * one set of contract tests. Every method is asynchronous so that both back ends fit.
 */
import { createHash } from 'node:crypto';
import type { Catalog } from '../../shared/catalog.ts';
import type { Problem } from '../../shared/problem.ts';
import type { RowInput } from '../../shared/report.ts';
import type { ConsoleRole } from '../../shared/accounts.ts';
import type { ReviewAction, ReviewComment } from '../../shared/review.ts';

export type Source = 'inbox' | 'http';

export type { Problem } from '../../shared/problem.ts';

export interface PlanEdit {
  indicator: string;
  cell: string;
  found: string;
  expected: string;
}

export interface SubmissionRecord {
  id: number;
  sha256: string;
  fileName: string;
  source: Source;
  receivedAt: string;
  size: number;
  /** Where the original is kept, relative to the store of originals ("ab/abcdef….xlsx"). */
  archivePath: string;
  unit: string | null;
  period: string | null;
  status: 'accepted' | 'rejected';
  problems: Problem[];
  warnings: Problem[];
  planEdits: PlanEdit[];
  rows: Record<string, RowInput> | null;
}

export type NewSubmission = Omit<SubmissionRecord, 'id'>;

/** A submission as the audit lists it: who sent what, when, how, and what became of it. */
export type AuditSubmission = Pick<SubmissionRecord, 'id' | 'sha256' | 'fileName' | 'source' | 'receivedAt' | 'status' | 'unit' | 'period'> & {
  errors: number;
};

/** A submission without its contents: what the review cycle needs to order and derive states. */
export type SubmissionStub = Pick<SubmissionRecord, 'id' | 'sha256' | 'fileName' | 'source' | 'receivedAt' | 'status'> & { unit: string };

export interface AppendixVersion {
  contentHash: string;
  path: string;
  createdAt: string;
  /** Every expected unit was approved (no "BẢN DỰ THẢO" mark). */
  final?: boolean;
}

/**
 * One action of the planning office on a submission, append-only. Submissions are named by
 * content (sha256), not by ledger id, so that a rebuilt ledger (new ids) replays the same actions.
 */
export interface ReviewRecord {
  id: number;
  unit: string;
  period: string;
  /** Place among the unit's actions for the period: 1, 2, … — two actions can never take the same one. */
  seq: number;
  /** The submission acted on. */
  sha256: string;
  /** The unit's latest submission for the period when the action was taken (where it sits among the files). */
  afterSha256: string;
  action: ReviewAction;
  actor: string;
  at: string;
  note: string | null;
  comments: ReviewComment[];
}

export type NewReviewRecord = Omit<ReviewRecord, 'id'>;

/**
 * Something that happened beside the submissions and the review actions, append-only: who (a unit,
 * an account), when, what (`kind`), on which period and file, with its details.
 */
export interface EventRecord {
  id: number;
  at: string;
  /** "foreign_upload": a unit's access token brought another unit's file (refused). */
  kind: string;
  period: string | null;
  unit: string | null;
  actor: string | null;
  sha256: string | null;
  detail: Record<string, unknown>;
}

export type NewEventRecord = Omit<EventRecord, 'id'>;

export interface EventFilter {
  period?: string;
  unit?: string;
  kind?: string;
  limit?: number;
}

export interface UserRecord {
  name: string;
  role: ConsoleRole;
  /** "scrypt$N$r$p$salt$hash" (worker/review/accounts.ts). */
  passwordHash: string;
  createdAt: string;
  disabledAt: string | null;
  /** How people call the account's owner (“Nguyễn Thị Lan”), for the audit; "" when not given. */
  fullName: string;
  /** Set by an administrator's reset: the password must be changed at the next login. */
  mustChangePassword: boolean;
}

/** An account as it is added (no full name yet, no forced change, unless given). */
export type NewUserRecord = Omit<UserRecord, 'fullName' | 'mustChangePassword'> & Partial<Pick<UserRecord, 'fullName' | 'mustChangePassword'>>;

/** One version of a year's catalogue, as it was stored (never changed in place). */
export interface CatalogVersion {
  id: string;
  version: number;
  /** catalogHash() of the content. */
  hash: string;
  /** The validated catalogue. */
  content: Catalog;
  createdAt: string;
  createdBy: string | null;
  /** Where it came from: "config" (the file named in the configuration), "console", "embedded", "rebuild". */
  source: string;
}

/** A period the planning office opened against a catalogue version. */
export interface PeriodRecord {
  /** The catalogue's period id ("2024-6t"). */
  id: string;
  catalogId: string;
  catalogVersion: number;
  /** ISO with offset: the office's deadline. */
  deadline: string;
  openedAt: string;
  openedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
}

/** A unit excused from a period (“miễn nộp kỳ này”), with the office's reason. */
export interface ExcusalRecord {
  period: string;
  unit: string;
  reason: string;
  at: string;
  actor: string;
}

/** A unit's e-mail address for reminders. */
export interface UnitContact {
  unit: string;
  email: string;
  updatedAt: string;
  updatedBy: string | null;
}

export interface SessionRecord {
  /** SHA-256 of the cookie's value: the value itself is never stored. */
  idHash: string;
  user: string;
  createdAt: string;
  expiresAt: string;
}

/** Every file received, accepted or rejected, never deleted. */
export interface SubmissionStore {
  bySha(sha256: string): Promise<SubmissionRecord | undefined>;
  byId(id: number): Promise<SubmissionRecord | undefined>;
  /**
   * Records a submission once: when one with the same bytes (sha256) exists already, nothing is
   * written and that one is returned with `inserted: false` (also when another process wins the race).
   */
  insert(s: NewSubmission, opts?: InsertOptions): Promise<{ record: SubmissionRecord; inserted: boolean }>;
  /** Each unit's latest accepted submission for a period (a newer one replaces the older). */
  latestAccepted(period: string): Promise<Map<string, SubmissionRecord>>;
  /** The latest submission of each unit for a period, accepted or not. */
  latestAny(period: string): Promise<Map<string, SubmissionRecord>>;
  /** Everything a unit sent for a period (and files of no readable period it sent), newest first. */
  history(unit: string, period: string): Promise<SubmissionRecord[]>;
  /** The unit's accepted submission just before `beforeId`, if any. */
  previousAccepted(unit: string, period: string, beforeId: number): Promise<SubmissionRecord | undefined>;
  /** Rejected files for the appendix's list (the latest `limit`): this period's, unreadable ones, ones sent for a period not collected. */
  rejected(period: string, limit?: number): Promise<SubmissionRecord[]>;
  /** Every submission of a known unit for the period, without contents, in ledger order (the review cycle). */
  periodSubmissions(period: string): Promise<SubmissionStub[]>;
  /** Submissions without contents, newest first, of a period and a unit when given (the audit). */
  listSubmissions(f: { period?: string; unit?: string; limit?: number }): Promise<AuditSubmission[]>;
  count(): Promise<number>;
}

/** The planning office's review actions (worker/review/), append-only. */
export interface ReviewStore {
  /**
   * Appends an action. Resolves undefined, writing nothing, when the unit's period already has an
   * action at that `seq` (another reviewer acted first, possibly in another process).
   */
  addReview(r: NewReviewRecord): Promise<ReviewRecord | undefined>;
  /** The period's actions, by unit then seq. */
  reviews(period: string): Promise<ReviewRecord[]>;
}

/** Departments' access: access tokens and one-time enrolment codes, kept as hashes. */
export interface AccessStore {
  addToken(unit: string, token: string, at: string): Promise<void>;
  revokeTokens(unit: string, at: string): Promise<number>;
  unitForToken(token: string): Promise<string | undefined>;
  /** A one-time enrolment code for a unit (kept as a hash), valid until `expiresAt`. */
  addEnrolment(unit: string, code: string, at: string, expiresAt: string): Promise<void>;
  /** Uses an enrolment code once: the unit it was issued for, or undefined (unknown, used, expired). */
  redeemEnrolment(code: string, at: string): Promise<string | undefined>;
  /** Per unit: access tokens not revoked, enrolment codes not used and not expired at `now`. */
  accessOverview(now: string): Promise<Map<string, { tokens: number; pendingEnrolments: number }>>;
}

/** The appendix versions written, per period. */
export interface AppendixStore {
  lastAppendix(period: string): Promise<AppendixVersion | undefined>;
  addAppendix(period: string, v: AppendixVersion): Promise<void>;
  /** The appendix versions of a period, newest first (at most `limit`). */
  appendixVersions(period: string, limit?: number): Promise<AppendixVersion[]>;
}

/** The planning office's accounts and their sessions (worker/http/console.ts). */
export interface AccountStore {
  /** Adds an account; false when the name is taken. */
  addUser(u: NewUserRecord): Promise<boolean>;
  /**
   * Sets a new password (and enables the account); `mustChange`: an administrator's reset, to be
   * changed at the next login. False when there is no such account.
   */
  setPassword(name: string, passwordHash: string, opts?: { mustChange?: boolean }): Promise<boolean>;
  /** Changes an account's role or full name; false when there is no such account. */
  updateUser(name: string, change: { role?: ConsoleRole; fullName?: string }): Promise<boolean>;
  /** Disables an account and ends its sessions; false when there is no such account. */
  disableUser(name: string, at: string): Promise<boolean>;
  user(name: string): Promise<UserRecord | undefined>;
  users(): Promise<UserRecord[]>;
  /** Records a session (and forgets the expired ones). */
  addSession(s: SessionRecord, now: string): Promise<void>;
  /** The session and its account, when the session is not expired and the account not disabled. */
  session(idHash: string, now: string): Promise<{ session: SessionRecord; user: UserRecord } | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of an account (password changed, account disabled). */
  deleteSessions(user: string): Promise<number>;
}

/** What the planning office decides, kept with the data: catalogue versions, periods, units' contacts and excusals. */
export interface SettingsStore {
  /** Stores a catalogue as its next version, or returns the version that already has the same content (`added` false). */
  addCatalog(c: Omit<CatalogVersion, 'version'>): Promise<{ catalog: CatalogVersion; added: boolean }>;
  /** Every stored catalogue version (of one catalogue id when given), oldest first. */
  catalogVersions(id?: string): Promise<CatalogVersion[]>;
  /** Opens a period; false when a period of that id exists already (open or closed). */
  openPeriod(p: Omit<PeriodRecord, 'closedAt' | 'closedBy'>): Promise<boolean>;
  /** Moves a deadline, changes the catalogue version, closes (`closedAt`) or reopens (`closedAt: null`); false when there is no such period. */
  updatePeriod(id: string, change: Partial<Pick<PeriodRecord, 'deadline' | 'catalogVersion' | 'closedAt' | 'closedBy'>>): Promise<boolean>;
  /** Every period, in the order they were opened. */
  periods(): Promise<PeriodRecord[]>;
  /** Sets (or, with null, removes) a unit's e-mail address. */
  setUnitEmail(unit: string, email: string | null, at: string, by: string | null): Promise<void>;
  unitContacts(): Promise<UnitContact[]>;
  /** Excuses a unit from a period (or, with a null reason, takes the excuse back). */
  setExcusal(period: string, unit: string, reason: string | null, at: string, actor: string): Promise<void>;
  excusals(period?: string): Promise<ExcusalRecord[]>;
  /** A value of the ledger's own (the console's one-time set-up code …); null removes it. */
  setMeta(key: string, value: string | null): Promise<void>;
  meta(key: string): Promise<string | undefined>;
  /** The keys of the ledger's own values that begin with `prefix` (the console's drafts of catalogues, one per year), sorted. */
  metaKeys(prefix: string): Promise<string[]>;
}

/** What happened beside the submissions and reviews (EventRecord), append-only. */
export interface EventStore {
  addEvent(e: NewEventRecord): Promise<EventRecord>;
  /** Events matching the filter, oldest first (the latest `limit`, default 500). */
  events(filter?: EventFilter): Promise<EventRecord[]>;
}

/** Several workers on one ledger: claims of work and named locks (see Claim). */
export interface CoordinationStore {
  /**
   * Claims up to `max` of `keys` for `owner` for `leaseMs`, in the order given: a key is free when
   * nobody claimed it, or when its claim was not finished and its lease ran out (the claimant died).
   * Each claim reserves a submission id, so that the ledger's order (which decides a unit's latest
   * submission) is the order files were claimed, whichever process records them; a claim taken
   * over keeps its id. Claims of different processes are handed out one after another.
   */
  claim(keys: string[], owner: string, leaseMs: number, max?: number): Promise<Claim[]>;
  /** Extends the lease of every unfinished claim of `owner`; returns how many. */
  renewClaims(owner: string, leaseMs: number): Promise<number>;
  /** The work is done: the claim stays (finished), so that no process takes the same key again. */
  finishClaim(key: string, owner: string): Promise<void>;
  /** Gives unfinished claims back (all of the owner's when `keys` is absent): any process may take them at once. */
  releaseClaims(owner: string, keys?: string[]): Promise<void>;
  /** Forgets claims finished more than `olderThanMs` ago; returns how many. */
  pruneClaims(olderThanMs: number): Promise<number>;
  /**
   * Keys starting with `prefix` whose claim is unfinished and whose lease ran out (a claimant that
   * died, or a claim given back), in key order: the caller looks whether their work is still there.
   */
  lapsedClaims(prefix: string): Promise<string[]>;
  /**
   * Runs `fn` holding a named lock that every process sharing the ledger respects (the
   * consolidation of a period: a PostgreSQL advisory lock, freed by the server if the holder dies).
   * SQLite: held in this process only; processes on one SQLite ledger are kept apart by the run lock.
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * The whole ledger, as the two back ends implement it; a part of the worker asks for the concerns
 * it uses (a SubmissionStore & ReviewStore …), not for this.
 */
export interface Ledger extends SubmissionStore, ReviewStore, AccessStore, AppendixStore, AccountStore, SettingsStore, EventStore, CoordinationStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Human-readable place of the ledger, for messages ("data/ledger.sqlite"). */
  readonly where: string;
  /** Made once when the ledger is created, the same for every process sharing it; a new ledger has a new one. */
  identity(): Promise<string>;
  close(): Promise<void>;
}

export interface InsertOptions {
  /** The id reserved by a claim (Claim.id): the record takes its place in the claim order. */
  id?: number;
}

/** A key (an inbox file) held by one process until its lease runs out. */
export interface Claim {
  key: string;
  /** The submission id reserved for it (see Ledger.claim). */
  id: number;
  /** It was another process's claim whose lease ran out. */
  takenOver: boolean;
}

/** Tokens (and enrolment codes) are kept only as SHA-256 hashes. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
