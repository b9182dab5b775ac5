export {
  appendixFileName,
  appendixInput,
  buildAppendix,
  consolidate,
  type AppendixBuild,
  type ConsolidateOptions,
  type ConsolidateResult,
} from './appendix.ts';
export { allApproved, unitStatuses, type UnitStatus } from './statuses.ts';
export type { Warning } from './warnings.ts';
export type { TableSheet } from './sheets.ts';
