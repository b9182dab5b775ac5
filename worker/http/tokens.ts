/** Access tokens and one-time enrolment codes: random, shown once, kept only as hashes. */
import { randomBytes, randomInt } from 'node:crypto';

/** A new access token for a unit. */
export function newToken(unit: string): string {
  return `pl_${unit.toLowerCase()}_${randomBytes(24).toString('base64url')}`;
}

/** How long an enrolment code stays valid. */
export const ENROLMENT_DAYS = 14;

/** Letters and digits that cannot be confused when read aloud or copied by hand (no 0/O, 1/I/L). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Codes are typed by hand: case, dashes and spaces around do not matter ("7kq4-m9xp-2rta" is "7KQ4M9XP2RTA"). */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase().replace(/-/g, '');
}

/** "7KQ4-M9XP-2RTA": 12 characters (~59 bits), in groups of four. */
export function newEnrolmentCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}
