/**
 * The report and the check as functions for the command line and the console: the Word report (or
 * its PDF) as bytes with the warnings a person must see, and the check of a draft's bytes as its
 * findings and readings (the draft's sentence and the appendix's figure side by side, each checked
 * or unreadable). Both take what the appendix is built from (buildAppendix's content); neither
 * writes a file.
 */
import type { Catalog } from '../../shared/catalog.ts';
import type { AppendixContent } from '../../shared/layout.ts';
import { renderReportDocx, type ReportDocxInput } from '../render/docx.ts';
import { reportPdf, type PdfOptions } from '../render/pdf.ts';
import { checkDraft, type CheckOptions, type DraftCheck } from './check.ts';
import { readDraft } from './read-text.ts';

export interface ReportDocument {
  format: 'docx' | 'pdf';
  bytes: Uint8Array;
  /** For a PDF: the font families it was drawn in ("Liberation Serif"). */
  fonts?: string[];
  /** What a person must be told about the file, in Vietnamese (a PDF drawn without Times New Roman's widths). */
  warnings: string[];
}

/**
 * Phụ lục 1 and the summary paragraph as a Word document, or as PDF through LibreOffice (throws
 * PdfError, in Vietnamese, when LibreOffice is missing or fails).
 */
export async function reportDocument(input: ReportDocxInput, format: 'docx' | 'pdf', pdf: PdfOptions = {}): Promise<ReportDocument> {
  const docx = await renderReportDocx(input);
  if (format === 'docx') return { format, bytes: docx, warnings: [] };
  const made = await reportPdf(docx, pdf);
  return { format, bytes: made.pdf, fonts: made.fonts, warnings: made.warnings };
}

/**
 * A draft report's bytes (.docx or plain text) checked against the appendix: the findings and every
 * reading. Throws DocxReadError (Vietnamese) when the bytes are not a draft it can read.
 */
export function checkDraftBytes(bytes: Uint8Array, catalog: Catalog, content: AppendixContent, opts: CheckOptions = {}): DraftCheck {
  return checkDraft(readDraft(bytes), catalog, content, opts);
}
