/**
 * The review journal: every action of the planning office, one JSON line each, appended and
 * fsynced beside the store of originals (archive/journal.jsonl). The originals re-derive the
 * submissions; this file re-derives the actions, so that `phuluc rebuild` restores both. Lines name
 * submissions by content (sha256), never by ledger id, since a rebuilt ledger numbers them anew.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { REVIEW_ACTIONS } from '../../shared/review.ts';
import type { NewReviewRecord, ReviewStore, SubmissionStore } from '../ledger/contract.ts';

export const JOURNAL_NAME = 'journal.jsonl';
const VERSION = 1;

export function journalPath(archiveDir: string): string {
  return path.join(archiveDir, JOURNAL_NAME);
}

/** Appends one action and waits until it is on the disk. */
export async function appendJournal(file: string, r: NewReviewRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const line = `${JSON.stringify({ v: VERSION, ...r })}\n`;
  const fh = await open(file, 'a', 0o644);
  try {
    // One write of one line to a file opened for appending: lines of several processes never interleave.
    await fh.write(line);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function isRecord(x: unknown): x is NewReviewRecord & { v: number } {
  const o = x as Record<string, unknown>;
  return (
    typeof o === 'object' &&
    o !== null &&
    o.v === VERSION &&
    typeof o.unit === 'string' &&
    typeof o.period === 'string' &&
    Number.isInteger(o.seq) &&
    typeof o.sha256 === 'string' &&
    typeof o.afterSha256 === 'string' &&
    REVIEW_ACTIONS.includes(o.action as never) &&
    typeof o.actor === 'string' &&
    typeof o.at === 'string' &&
    (o.note === null || typeof o.note === 'string') &&
    Array.isArray(o.comments)
  );
}

export interface JournalRead {
  records: NewReviewRecord[];
  /** Lines that could not be read (a line cut by a power failure is the usual one). */
  damaged: number;
}

export async function readJournal(file: string): Promise<JournalRead> {
  if (!existsSync(file)) return { records: [], damaged: 0 };
  const out: JournalRead = { records: [], damaged: 0 };
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    try {
      const o: unknown = JSON.parse(line);
      if (!isRecord(o)) throw new Error('not a journal record');
      const { v: _v, ...r } = o;
      out.records.push(r);
    } catch {
      out.damaged++;
    }
  }
  return out;
}

export interface ReplayResult {
  replayed: number;
  skipped: number;
  damaged: number;
}

/**
 * Writes the journal's actions into a (rebuilt) ledger, in order. An action whose place is taken
 * already (the ledger had it) is skipped; an action about a file the store no longer holds stays in
 * the ledger and is ignored by the derivation, as it was recorded.
 */
export async function replayJournal(ledger: SubmissionStore & ReviewStore, file: string): Promise<ReplayResult> {
  const { records, damaged } = await readJournal(file);
  let replayed = 0;
  let skipped = 0;
  for (const r of records) {
    if (await ledger.addReview(r)) replayed++;
    else skipped++;
  }
  return { replayed, skipped, damaged };
}
