/**
 * Planning-office accounts: names, roles and passwords hashed with scrypt (node:crypto), a
 * memory-hard key-derivation function. Parameters: N = 2^15, r = 8, p = 1 (128·N·r = 32 MiB of
 * memory per hash, about 0,1 s on one core), a 16-byte random salt, a 32-byte key; all kept in the
 * stored string, so stronger parameters can come later without breaking older accounts.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { CONSOLE_ROLES, MIN_PASSWORD_LENGTH, type ConsoleRole } from '../../shared/accounts.ts';
import { UserError } from '../errors.ts';

export const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

function scrypt(password: string, salt: Buffer, keyLength: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, keyLength, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

const maxmem = (N: number, r: number) => 128 * N * r * 2;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const { N, r, p } = SCRYPT;
  const key = await scrypt(password, salt, SCRYPT.keyLength, { N, r, p, maxmem: maxmem(N, r) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A hash of a password nobody has: checked against when the account does not exist, so that the answer takes as long. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const target = stored ?? (await (decoy ??= hashPassword(randomBytes(18).toString('base64'))));
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(target);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const expected = Buffer.from(m[5], 'base64');
  const key = await scrypt(password, Buffer.from(m[4], 'base64'), expected.length, { N, r, p, maxmem: maxmem(N, r) });
  return timingSafeEqual(key, expected) && stored !== undefined;
}

/** Account names: lower case letters, digits, ".", "_" and "-", 2–40 characters. */
export function normalizeUserName(name: string): string {
  const n = name.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{1,39}$/.test(n)) {
    throw new UserError(
      `Tên tài khoản “${name}” không hợp lệ: dùng 2–40 ký tự gồm chữ không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang (ví dụ “lan.tckh”).`,
      2,
    );
  }
  return n;
}

export function parseRole(role: string | undefined): ConsoleRole {
  if (role && (CONSOLE_ROLES as readonly string[]).includes(role)) return role as ConsoleRole;
  throw new UserError(
    'Thiếu hoặc sai --role: dùng “--role quan-tri” (quản trị hệ thống: quản lý tài khoản và mọi việc của Phòng), “--role ke-hoach” (Phòng Tài chính - Kế hoạch: kỳ báo cáo, duyệt, nhắc nộp) hoặc “--role lanh-dao” (lãnh đạo, chỉ xem).',
    2,
  );
}

export function checkNewPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new UserError(`Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự. Hãy chạy lại lệnh và nhập mật khẩu dài hơn.`, 2);
  }
}
