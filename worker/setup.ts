/**
 * The first account: while there is no account, `phuluc start` prints a one-time set-up address
 * (a random code, kept in the ledger as its hash, valid for a day, used once), where the first
 * administrator is made in the browser. No command is typed after `phuluc start`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AccountStore, SettingsStore } from './ledger/contract.ts';
import { newEnrolmentCode, normalizeCode } from './http/tokens.ts';

const KEY = 'setup';
/** How long a set-up code stays valid. */
export const SETUP_HOURS = 24;

interface Stored {
  hash: string;
  expiresAt: string;
}

function hash(code: string): string {
  return createHash('sha256').update(normalizeCode(code), 'utf8').digest('hex');
}

/** Whether the first account is still to be made. */
export async function setupNeeded(ledger: AccountStore): Promise<boolean> {
  return (await ledger.users()).length === 0;
}

/** With no account yet: a new one-time set-up code (replacing any earlier one), and when it expires; else undefined. */
export async function newSetupCode(ledger: AccountStore & SettingsStore, now: Date): Promise<{ code: string; expiresAt: string } | undefined> {
  if (!(await setupNeeded(ledger))) return undefined;
  const code = newEnrolmentCode();
  const expiresAt = new Date(now.getTime() + SETUP_HOURS * 3_600_000).toISOString();
  await ledger.setMeta(KEY, JSON.stringify({ hash: hash(code), expiresAt } satisfies Stored));
  return { code, expiresAt };
}

/** Uses the set-up code once: true when it is the current code, not expired, and no account exists yet. */
export async function redeemSetupCode(ledger: AccountStore & SettingsStore, code: string, now: Date): Promise<boolean> {
  const raw = await ledger.meta(KEY);
  if (!raw || !(await setupNeeded(ledger))) return false;
  let stored: Stored;
  try {
    stored = JSON.parse(raw) as Stored;
  } catch {
    return false;
  }
  const a = Buffer.from(hash(code), 'hex');
  const b = Buffer.from(stored.hash ?? '', 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b) || now.toISOString() >= stored.expiresAt) return false;
  await ledger.setMeta(KEY, null);
  return true;
}
