/** The planning office's console accounts: roles, their names, the password rule. */

/** ke-hoach: Phòng Tài chính - Kế hoạch (reviews and acts); lanh-dao: leaders (read only). */
export type ConsoleRole = 'ke-hoach' | 'lanh-dao';
export const CONSOLE_ROLES: readonly ConsoleRole[] = ['ke-hoach', 'lanh-dao'];
export const ROLE_LABEL: Record<ConsoleRole, string> = {
  'ke-hoach': 'Phòng Tài chính - Kế hoạch',
  'lanh-dao': 'Lãnh đạo (chỉ xem)',
};

/** The shortest password an account may have. */
export const MIN_PASSWORD_LENGTH = 10;
