/** The planning office's console accounts: roles, their names, the password rule. */

/**
 * quan-tri: the administrator (manages accounts, and does all the planning office does);
 * ke-hoach: Phòng Tài chính - Kế hoạch (periods, access, review, reminders); lanh-dao: leaders (read only).
 */
export type ConsoleRole = 'quan-tri' | 'ke-hoach' | 'lanh-dao';
export const CONSOLE_ROLES: readonly ConsoleRole[] = ['quan-tri', 'ke-hoach', 'lanh-dao'];
export const ROLE_LABEL: Record<ConsoleRole, string> = {
  'quan-tri': 'Quản trị hệ thống',
  'ke-hoach': 'Phòng Tài chính - Kế hoạch',
  'lanh-dao': 'Lãnh đạo (chỉ xem)',
};

/** The roles that act (periods, access, review, reminders): everyone but the leaders. */
export function canAct(role: ConsoleRole): boolean {
  return role === 'quan-tri' || role === 'ke-hoach';
}

/** Only the administrator manages accounts. */
export function canManageAccounts(role: ConsoleRole): boolean {
  return role === 'quan-tri';
}

/** The shortest password an account may have. */
export const MIN_PASSWORD_LENGTH = 10;
