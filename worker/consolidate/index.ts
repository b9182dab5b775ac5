export { appendixFileName, appendixValues, consolidate, currentAppendix, type ConsolidateOptions, type ConsolidateResult } from './appendix.ts';
export { unitStatuses, type UnitStatus } from './statuses.ts';
export type { Warning } from './warnings.ts';
export type { TableSheet } from './sheets.ts';
