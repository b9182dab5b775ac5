/**
 * Passwords in the console's forms: the checks a person gets before anything is sent (the system
 * checks again), and the temporary password an administrator hands over, to be changed at the
 * first login. Pure (the random source is a parameter), so it is tested alone.
 */
import { MIN_PASSWORD_LENGTH } from '../shared/accounts.ts';

/** What is wrong with a new password typed twice, or "" when it will do. */
export function newPasswordProblem(password: string, again: string): string {
  if (!password) return 'Hãy nhập mật khẩu mới.';
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`;
  if (password !== again) return 'Hai lần nhập mật khẩu không giống nhau. Hãy nhập lại.';
  return '';
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand (no 0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A temporary password: three groups of four ("k7qm-x3pa-9rtw", 14 characters), drawn without
 * bias from `random` (crypto.getRandomValues in the browser).
 */
export function temporaryPassword(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const out: string[] = [];
  // The largest multiple of the alphabet's size below 256: bytes above it are drawn again.
  const limit = 256 - (256 % ALPHABET.length);
  while (out.length < 12) {
    for (const b of random(new Uint8Array(16))) {
      if (b < limit && out.length < 12) out.push(ALPHABET[b % ALPHABET.length]);
    }
  }
  return [out.slice(0, 4), out.slice(4, 8), out.slice(8, 12)].map((g) => g.join('')).join('-');
}
