/**
 * The check's data, as types: where in the draft a thing is (Place); what the draft states that the
 * check compares (DraftStatements: figures, shares, plans, summary counts, rows of its copy of Phụ lục 1,
 * and what it could not read); and what the check gives (DraftCheck: the findings and the readings),
 * with its options.
 */
import type { Period } from '../../shared/catalog.ts';
import type { CountKey } from './check-counts.ts';
import type { Figure, ShareBase } from './figures.ts';

export interface Place {
  kind: 'paragraph' | 'footnote' | 'table';
  /** Paragraph number (non-empty body paragraphs, from 1), footnote mark as printed, or table number. */
  number: number | string;
  /** The table's row (from 1), for a table. */
  row?: number;
  /**
   * "đoạn 12", "chú thích 42", "bảng 1, dòng 3"; a row of the draft's Phụ lục 1: "bảng 1, dòng chỉ
   * tiêu số 14"; a row typed with tabs: "đoạn 231 (dòng chỉ tiêu số 6)".
   */
  label: string;
  /** The sentence, quoted. */
  quote: string;
}

export type FindingKind =
  /** A figure that disagrees with the appendix (an indicator's, or a related figure's). */
  | 'figure'
  /** A share of the plan or of last year ("tăng 16% kế hoạch") that disagrees with the one computed from the appendix. */
  | 'share'
  /** A plan the draft states ("942/1.300", its copy's Kế hoạch column) that is not the catalogue's. */
  | 'plan'
  /** Two places of the draft disagree, and the appendix has no figure to settle which is right. */
  | 'conflict'
  /** A count of the summary sentence ("03 chỉ tiêu không đạt") that disagrees with the data. */
  | 'summary'
  /** The Đánh giá column of the draft's copy of Phụ lục 1 disagrees with the rule. */
  | 'status';

export interface Finding {
  kind: FindingKind;
  indicator?: { code: string; stt: number; name: string };
  /** What the figure is: the indicator's name, a related figure's name, or a summary count. */
  figure: string;
  place: Place;
  /** As written in the draft ("924/1.200 lao động"). */
  said: string;
  saidValue?: number;
  /** As the appendix gives it ("942 người", "tăng 10,2%", "tăng 23% so với kế hoạch"); absent for a conflict. */
  appendix?: string;
  appendixValue?: number;
  /** Where the appendix's figure comes from ("Phụ lục 1 (chỉ tiêu 14)", "giải trình của chỉ tiêu 1 (chú thích 74 của Phụ lục 1)"). */
  appendixSource?: string;
  /** Other places of the draft that state a different figure for the same thing. */
  others: { place: Place; said: string; value?: number }[];
  /**
   * Shares of the same sentence that follow the draft's figure rather than the appendix's
   * ("15.298 tấn, tăng 21,9% so với kế hoạch": 21,9% is 15.298 against the plan): to correct with it.
   */
  follows?: { said: string; appendix: string }[];
  /** The finding in Vietnamese, for a person. */
  message: string;
}

/** One thing the check read in the draft, with the appendix's figure beside it. */
export interface Reading {
  /** "checked": compared with the data (see `agrees`); "unreadable": read, but not comparable (see `reason`). */
  status: 'checked' | 'unreadable';
  kind: 'figure' | 'share' | 'plan' | 'count' | 'status';
  indicator?: Finding['indicator'];
  /** What it is: the indicator's name, a related figure's, a summary count. */
  figure: string;
  place: Place;
  /** As written in the draft. */
  said: string;
  /** As the appendix gives it, when it does. */
  appendix?: string;
  appendixSource?: string;
  /** For a checked reading: whether the draft agrees with the data. */
  agrees?: boolean;
  /** For an unreadable one: why, in Vietnamese. */
  reason?: string;
}

/** The check of a draft: what disagrees (findings, in the draft's order) and everything read. */
export interface DraftCheck {
  findings: Finding[];
  readings: Reading[];
}

export interface CheckOptions {
  /** The period the appendix is of: which of last year's figures "cùng kỳ" means (default: the whole year). */
  period?: Pick<Period, 'id'>;
}

/** A figure the draft states for an indicator (or a related figure). */
export interface DraftFigure {
  subject: string;
  indicator: string;
  related?: string;
  figure: Figure;
  said: string;
  place: Place;
  /** Document order: block, then a tie-breaker. */
  pos: [number, number];
  /** Said of a part ("lĩnh vực thương mại dịch vụ"), not of the indicator: read, never compared. */
  part?: string;
}

/** A share the draft states against the plan or last year ("tăng 16% kế hoạch"). */
export interface DraftShare {
  subject: string;
  indicator: string;
  related?: string;
  base: ShareBase;
  /** The figure as a percentage of the base ("tăng 16%" → 116). */
  percent: number;
  decimals: number;
  word: string;
  baseText: string;
  said: string;
  place: Place;
  pos: [number, number];
  /** The figure of the same sentence the share follows. */
  figure?: DraftFigure;
  part?: string;
}

/** A plan the draft states: after "/" in a sentence ("942/1.200"), or in the Kế hoạch column of its copy. */
export interface DraftPlan {
  indicator: string;
  source: 'sentence' | 'column';
  /** The plan as written ("1.200", "Tăng trên 13%"). */
  text: string;
  value?: number;
  decimals?: number;
  /** "55/63 tiêu chí": a whole counted, not a plan. */
  whole?: boolean;
  /** What the draft says around it ("942/1.200 lao động"). */
  said: string;
  place: Place;
  pos: [number, number];
  part?: string;
}

/** Something the draft states of an indicator that could not be read as a figure. */
export interface DraftUnread {
  indicator?: string;
  said: string;
  reason: string;
  place: Place;
  pos: [number, number];
}

/** A count of the summary as the draft writes it. */
export interface DraftCount {
  key: CountKey;
  value: number;
  said: string;
  place: Place;
  pos: [number, number];
}

/** A row of the draft's own copy of Phụ lục 1, with what its Đánh giá column says. */
export interface DraftRow {
  indicator: string;
  status: string;
  place: Place;
  pos: [number, number];
}

export interface DraftStatements {
  figures: DraftFigure[];
  shares: DraftShare[];
  plans: DraftPlan[];
  unread: DraftUnread[];
  counts: DraftCount[];
  rows: DraftRow[];
}
