/**
 * The ledger's rows as both back ends return them, and the one mapping to the contract's records.
 * The dialects differ in two things only, which the mapping absorbs: SQLite returns JSON columns as
 * text and booleans as 0/1, PostgreSQL returns jsonb parsed and booleans as true/false.
 */
import type { Catalog } from '../../shared/catalog.ts';
import type {
  AppendixVersion,
  CatalogVersion,
  EventRecord,
  PeriodRecord,
  ReviewRecord,
  SessionRecord,
  SubmissionRecord,
  SubmissionStub,
  UnitContact,
  UserRecord,
} from './contract.ts';

/** A JSON column: text (SQLite) or already parsed (PostgreSQL jsonb). */
type Json<T> = string | T;

function json<T>(v: Json<T>): T {
  return typeof v === 'string' ? (JSON.parse(v) as T) : v;
}

function bool(v: number | boolean): boolean {
  return v === true || v === 1;
}

export interface SubmissionRow {
  id: number;
  sha256: string;
  file_name: string;
  source: SubmissionRecord['source'];
  received_at: string;
  size: number;
  archive_path: string;
  unit: string | null;
  period: string | null;
  status: 'accepted' | 'rejected';
  problems: Json<SubmissionRecord['problems']>;
  warnings: Json<SubmissionRecord['warnings']>;
  plan_edits: Json<SubmissionRecord['planEdits']>;
  rows: Json<NonNullable<SubmissionRecord['rows']>> | null;
}

export function toSubmission(r: SubmissionRow): SubmissionRecord {
  return {
    id: r.id,
    sha256: r.sha256,
    fileName: r.file_name,
    source: r.source,
    receivedAt: r.received_at,
    size: r.size,
    archivePath: r.archive_path,
    unit: r.unit,
    period: r.period,
    status: r.status,
    problems: json(r.problems),
    warnings: json(r.warnings),
    planEdits: json(r.plan_edits),
    rows: r.rows === null ? null : json(r.rows),
  };
}

export type StubRow = Pick<SubmissionRow, 'id' | 'sha256' | 'file_name' | 'source' | 'received_at' | 'status' | 'unit'>;

export function toStub(r: StubRow): SubmissionStub {
  return { id: r.id, sha256: r.sha256, fileName: r.file_name, source: r.source, receivedAt: r.received_at, status: r.status, unit: r.unit! };
}

export interface ReviewRow {
  id: number;
  unit: string;
  period: string;
  seq: number;
  sha256: string;
  after_sha256: string;
  action: ReviewRecord['action'];
  actor: string;
  acted_at: string;
  note: string | null;
  comments: Json<ReviewRecord['comments']>;
}

export function toReview(r: ReviewRow): ReviewRecord {
  return {
    id: r.id,
    unit: r.unit,
    period: r.period,
    seq: r.seq,
    sha256: r.sha256,
    afterSha256: r.after_sha256,
    action: r.action,
    actor: r.actor,
    at: r.acted_at,
    note: r.note,
    comments: json(r.comments),
  };
}

export interface EventRow {
  id: number;
  at: string;
  kind: string;
  period: string | null;
  unit: string | null;
  actor: string | null;
  sha256: string | null;
  detail: Json<Record<string, unknown>>;
}

export function toEvent(r: EventRow): EventRecord {
  return { id: r.id, at: r.at, kind: r.kind, period: r.period, unit: r.unit, actor: r.actor, sha256: r.sha256, detail: json(r.detail) };
}

export interface UserRow {
  name: string;
  role: UserRecord['role'];
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
  full_name: string;
  must_change: number | boolean;
}

export function toUser(r: UserRow): UserRecord {
  return {
    name: r.name,
    role: r.role,
    passwordHash: r.password_hash,
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
    fullName: r.full_name,
    mustChangePassword: bool(r.must_change),
  };
}

export interface CatalogRow {
  id: string;
  version: number;
  hash: string;
  content: Json<Catalog>;
  created_at: string;
  created_by: string | null;
  source: string;
}

export function toCatalogVersion(r: CatalogRow): CatalogVersion {
  return { id: r.id, version: r.version, hash: r.hash, content: json(r.content), createdAt: r.created_at, createdBy: r.created_by, source: r.source };
}

export interface PeriodRow {
  id: string;
  catalog_id: string;
  catalog_version: number;
  deadline: string;
  opened_at: string;
  opened_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
}

export function toPeriod(r: PeriodRow): PeriodRecord {
  return {
    id: r.id,
    catalogId: r.catalog_id,
    catalogVersion: r.catalog_version,
    deadline: r.deadline,
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
  };
}

export interface ContactRow {
  unit: string;
  email: string;
  updated_at: string;
  updated_by: string | null;
}

export function toContact(r: ContactRow): UnitContact {
  return { unit: r.unit, email: r.email, updatedAt: r.updated_at, updatedBy: r.updated_by };
}

/** A session joined with its account. */
export type SessionUserRow = UserRow & { id_hash: string; s_created: string; expires_at: string };

export function toSessionUser(r: SessionUserRow): { session: SessionRecord; user: UserRecord } {
  return { session: { idHash: r.id_hash, user: r.name, createdAt: r.s_created, expiresAt: r.expires_at }, user: toUser(r) };
}

export interface VersionRow {
  content_hash: string;
  path: string;
  created_at: string;
  is_final: number | boolean;
}

export function toVersion(r: VersionRow): AppendixVersion {
  return { contentHash: r.content_hash, path: r.path, createdAt: r.created_at, final: bool(r.is_final) };
}
