/**
 * The office's own pages (periods, units and access, accounts, the audit), loaded together on
 * demand (console-office.js): a leader and a reviewer's first page never carry them.
 */
export { AccountsPage } from './AccountsPage.tsx';
export { AuditPage } from './AuditPage.tsx';
export { PeriodsPage } from './PeriodsPage.tsx';
export { UnitsPage } from './UnitsPage.tsx';
