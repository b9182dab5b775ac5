/**
 * The check of a draft report against the consolidated figures (phuluc check-report DRAFT.docx):
 * read the draft (readDocx), check it (checkReport), print the findings (formatFindings) or give
 * them as JSON (Finding is plain data).
 */
export { readDocx, DocxReadError, type ReadDocx, type DocxParagraph, type DocxTable, type DocxFootnote } from './read-docx.ts';
export { checkReport, draftStatements, formatFindings, subjectsOf, type DraftCount, type DraftFigure, type DraftRow, type DraftStatements, type Finding, type FindingKind, type Place } from './check.ts';
export { findStatements, agrees, type Figure, type Statement, type Subject } from './figures.ts';
