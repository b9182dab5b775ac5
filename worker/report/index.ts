/**
 * The report as bytes with its warnings (reportDocument), and the check of a draft report against
 * the consolidated figures (phuluc check-report DRAFT.docx|.txt; checkDraftBytes for bytes):
 * read the draft (readDraft: a Word document or plain text), check it (checkDraft: the findings and
 * everything read, each checked or unreadable), print the findings (formatFindings) and what could not
 * be compared (formatUnreadable), or give them as JSON (plain data).
 */
export { readDocx, DocxReadError, type ReadDocx, type DocxParagraph, type DocxTable, type DocxFootnote } from './read-docx.ts';
export { readDraft, readText } from './read-text.ts';
export { checkDraftBytes, reportDocument, type ReportDocument } from './document.ts';
export {
  checkDraft,
  checkReport,
  draftStatements,
  formatFindings,
  formatUnreadable,
  subjectsOf,
  type CheckOptions,
  type DraftCheck,
  type DraftCount,
  type DraftFigure,
  type DraftPlan,
  type DraftRow,
  type DraftShare,
  type DraftStatements,
  type DraftUnread,
  type Finding,
  type FindingKind,
  type Place,
  type Reading,
} from './check.ts';
export { findStatements, readStatements, agrees, type Figure, type Statement, type ShareStatement, type Subject } from './figures.ts';
