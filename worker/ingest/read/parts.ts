/**
 * The parts of a workbook as the reader gets them: whole when they are small (what screening kept,
 * or inflated on demand), else in chunks as they inflate, so that a part of any size is read with
 * bounded memory. Screening (screen/zip.ts, zipPartSource) and readXlsx make them from the zip;
 * readXlsxParts from parts already inflated.
 */
import { saxesStream, withParser, type Handlers } from './xml.ts';

export interface PartSource {
  has(name: string): boolean;
  /** The declared uncompressed size, when known. */
  size(name: string): number | undefined;
  /** The whole content, when it is small enough to be held in one piece; else undefined. */
  whole(name: string): Uint8Array | undefined;
  /** The content in chunks, each dropped once `sink` returns; checked (size, CRC-32) at the end. */
  stream(name: string, sink: (chunk: Uint8Array) => void): void;
}

/** Parts already inflated, each held whole. */
export function mapPartSource(parts: ReadonlyMap<string, Uint8Array>): PartSource {
  return {
    has: (name) => parts.has(name),
    size: (name) => parts.get(name)?.length,
    whole: (name) => parts.get(name),
    stream(name, sink) {
      const b = parts.get(name);
      if (b) sink(b);
    },
  };
}

/** One document fed to a reader's handlers. */
export type Feed = (handlers: Handlers) => void;

const UTF8 = new TextDecoder();

/**
 * Runs a reader over one part: held whole, with the fast parser (saxes for anything unusual; see
 * withParser: `run` may run twice and must keep its state inside); too large to hold, streamed
 * through saxes chunk by chunk. Errors of the XML parser propagate as they are; so does anything
 * the handlers or the source throw.
 */
export function readPart<T>(source: PartSource, name: string, run: (feed: Feed) => T): T {
  const whole = source.whole(name);
  if (whole) {
    const xml = UTF8.decode(whole);
    return withParser((parse) => run((handlers) => parse(xml, handlers)));
  }
  return run((handlers) => saxesStream((push) => source.stream(name, push), handlers));
}

/** A part's whole text (small parts: the workbook and its relationships), streamed together if needed. */
export function partText(source: PartSource, name: string): string | undefined {
  if (!source.has(name)) return undefined;
  const whole = source.whole(name);
  if (whole) return UTF8.decode(whole);
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  source.stream(name, (c) => chunks.push(decoder.decode(c, { stream: true })));
  chunks.push(decoder.decode());
  return chunks.join('');
}
