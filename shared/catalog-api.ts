/**
 * The JSON contract of the console's page “Danh mục chỉ tiêu” (worker/http/console-catalog.ts):
 * the stored catalogues and their versions, the year's draft (proposed from the resolution's
 * words, opened from a stored version, or imported from Excel), its check, publishing, and moving
 * a period to another version. Types only: the page imports them without zod.
 *
 * Routes under /api/v1/console/ (reads: the planning office and the administrator; changes: the
 * same, with the session's CSRF token):
 *
 * | route | what |
 * |---|---|
 * | `GET catalogs` | CatalogsResponse |
 * | `GET catalogs/:id/versions/:n` | VersionContent |
 * | `GET catalogs/:id/versions/:n/file.xlsx` | the version as a workbook |
 * | `GET catalog-drafts/:year` | DraftEnvelope |
 * | `POST catalog-drafts/propose` ProposeRequest | DraftEnvelope (saved) |
 * | `POST catalog-drafts/propose-file?year=&previous=&version=&replace=` raw body, `X-File-Name` | DraftEnvelope (saved) |
 * | `POST catalog-drafts/from-version` FromVersionRequest | DraftEnvelope (saved) |
 * | `POST catalog-drafts/import?replace=` raw .xlsx body, `X-File-Name` | DraftEnvelope (saved) |
 * | `POST catalog-drafts/check` CheckRequest | DraftCheck |
 * | `POST catalog-drafts/preview` PreviewRequest | PreviewResponse |
 * | `POST catalog-drafts/:year` SaveDraftRequest | SavedDraft |
 * | `POST catalog-drafts/:year/discard` RevisionRequest | `{ ok: true }` |
 * | `POST catalog-drafts/:year/publish` RevisionRequest | PublishResult |
 * | `POST periods/:id/catalog-version` MoveVersionRequest | `{ ok: true }` |
 */
import type { Catalog } from './catalog.ts';
import type { CatalogDraft } from './catalog-draft.ts';
import type { DraftCheck } from './catalog-draft-edit.ts';
import type { SheetModel } from './layout.ts';

export type { DraftCheck } from './catalog-draft-edit.ts';

/** The header naming an uploaded file (percent-encoded UTF-8), as the intake's. */
export const FILE_NAME_HEADER = 'x-file-name';

/** A period as the catalogue page lists it under a version. */
export interface VersionPeriod {
  id: string;
  header: string;
  open: boolean;
  /** The period uses this version now (else it used it before being moved to another). */
  current: boolean;
  /** Files the period received while it used this version. */
  files: number;
}

export interface CatalogVersionView {
  version: number;
  createdAt: string;
  /** Who stored it, by full name; null for the system (a configuration file, the program's own). */
  createdBy: string | null;
  /** Where it came from, in words (“Lập trên trang quản lý”, “Từ tệp cấu hình” …). */
  source: string;
  indicators: number;
  units: number;
  groups: number;
  periods: VersionPeriod[];
  /** Files received under it, all periods together. */
  files: number;
}

/** A stored catalogue (one plan year) with its versions, newest first. */
export interface CatalogView {
  id: string;
  year: number;
  locality: string;
  versions: CatalogVersionView[];
  /** The periods of its newest version: opened already (and on which version), or not yet. */
  periods: { id: string; header: string; deadline: string; opened: boolean; version: number | null; open: boolean }[];
}

/** A draft kept in the ledger, in the list. */
export interface DraftSummary {
  year: number;
  id: string;
  savedAt: string;
  /** Full name of who saved it last. */
  savedBy: string;
  revision: number;
  /** Rows kept (not left out) and points still to review. */
  rows: number;
  points: number;
  /** How it started: "version" (a correction of a stored version), "workbook" (imported from Excel), else the list's form. */
  form: string;
  base: { id: string; version: number } | null;
}

export interface CatalogsResponse {
  catalogs: CatalogView[];
  drafts: DraftSummary[];
}

export interface VersionContent {
  id: string;
  version: number;
  createdAt: string;
  createdBy: string | null;
  catalog: Catalog;
}

/** The year's draft as the editor opens it. */
export interface DraftEnvelope {
  year: number;
  draft: CatalogDraft;
  revision: number;
  savedAt: string;
  savedBy: string;
  /** Unit codes of every stored catalogue: a unit already known keeps its code (only new units' codes may be chosen). */
  knownUnits: string[];
  /** The draft checked as publishing checks it. */
  check: DraftCheck;
}

export interface CatalogRef {
  id: string;
  version: number;
}

export interface ProposeRequest {
  year: number;
  /** Last year's stored catalogue the proposal continues (null: every indicator is new). */
  previous: CatalogRef | null;
  /** The list of targets as pasted. */
  text: string;
  /** Replace the year's draft if there is one (else such a request is refused). */
  replace?: boolean;
}

export interface FromVersionRequest extends CatalogRef {
  replace?: boolean;
}

export interface CheckRequest {
  draft: CatalogDraft;
}

/** A unit's template (`unit`) or the appendix (`unit` null) of a period, drawn from the draft as it stands. */
export interface PreviewRequest {
  draft: CatalogDraft;
  period: string;
  unit: string | null;
}
/** The sheet in the shared layout's model (the page draws it as the appendix page does). */
export interface PreviewResponse {
  model: SheetModel;
}

export interface SaveDraftRequest {
  draft: CatalogDraft;
  /** The revision the person worked on (refused with 409 when the stored one is another). */
  revision: number;
}

export interface SavedDraft {
  revision: number;
  savedAt: string;
  savedBy: string;
  check: DraftCheck;
}

export interface RevisionRequest {
  revision: number;
}

export interface PublishResult {
  id: string;
  year: number;
  version: number;
  /** False when a stored version had the same content already (no new version). */
  added: boolean;
  /** Periods of this catalogue on another version: each may be moved to the new one. */
  periods: { id: string; header: string; version: number; files: number }[];
}

export interface MoveVersionRequest {
  version: number;
}
