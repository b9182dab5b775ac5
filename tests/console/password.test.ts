/**
 * The console's password helpers: a new password typed twice is checked as the system checks it
 * (at least MIN_PASSWORD_LENGTH characters, counted as characters not bytes) before it is sent,
 * and a temporary password is long enough, readable, and drawn without bias.
 */
import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_LENGTH } from '../../shared/accounts.ts';
import { newPasswordProblem, temporaryPassword } from '../../console/password.ts';

describe('newPasswordProblem', () => {
  it('asks for a password, a long enough one, typed the same twice', () => {
    expect(newPasswordProblem('', '')).toBe('Hãy nhập mật khẩu mới.');
    expect(newPasswordProblem('ngắn', 'ngắn')).toBe(`Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`);
    expect(newPasswordProblem('mat-khau-moi-1', 'mat-khau-moi-2')).toMatch(/không giống nhau/);
    expect(newPasswordProblem('mat-khau-moi-1', 'mat-khau-moi-1')).toBe('');
    // Ten characters with diacritics are ten characters.
    expect(newPasswordProblem('đường-hoa1', 'đường-hoa1')).toBe('');
  });
});

describe('temporaryPassword', () => {
  it('three groups of four readable characters, long enough for the system', () => {
    for (let i = 0; i < 200; i++) {
      const p = temporaryPassword();
      expect(p).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
      expect(p.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
      expect(newPasswordProblem(p, p)).toBe('');
    }
  });

  it('draws bytes again rather than favour the first letters (bytes at or above 248 are skipped)', () => {
    let calls = 0;
    const random = (b: Uint8Array) => {
      calls++;
      // First call: only bytes the alphabet cannot take evenly; then the byte 31 (= "a") forever.
      b.fill(calls === 1 ? 250 : 31);
      return b;
    };
    expect(temporaryPassword(random)).toBe('aaaa-aaaa-aaaa');
    expect(calls).toBe(2);
  });

  it('differs from one call to the next', () => {
    expect(new Set(Array.from({ length: 50 }, () => temporaryPassword())).size).toBe(50);
  });
});
