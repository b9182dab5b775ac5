/**
 * XML for the submitted workbooks' parts: a small fast parser for the plain XML Excel and exceljs
 * write, with saxes (a well-kept, strict parser) having the last word on anything unusual; the one
 * entity decoder and the one relationship-target resolver of the worker.
 */
import { SaxesParser } from 'saxes';

export interface Handlers {
  open?: (name: string, attrs: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (t: string) => void;
}
export type Parse = (xml: string, handlers: Handlers) => void;

function saxesParser(handlers: Handlers): SaxesParser {
  const p = new SaxesParser({ xmlns: false, position: false });
  if (handlers.open) p.on('opentag', (tag) => handlers.open!(local(tag.name), tag.attributes as Record<string, string>));
  if (handlers.close) p.on('closetag', (tag) => handlers.close!(local(tag.name)));
  if (handlers.text) {
    p.on('text', handlers.text);
    p.on('cdata', handlers.text);
  }
  return p;
}

function saxesParse(xml: string, handlers: Handlers): void {
  saxesParser(handlers).write(xml).close();
}

/**
 * A document too large to hold as one string, parsed by saxes as it comes: `produce` hands over
 * its UTF-8 bytes chunk by chunk (e.g. as a zip entry inflates) and nothing but the parser's own
 * state is kept between chunks (a multi-byte character split between chunks is joined by the
 * decoder). Decoding as strFromU8 and TextDecoder do for a whole part: invalid sequences become
 * U+FFFD, a BOM is dropped.
 */
export function saxesStream(produce: (push: (chunk: Uint8Array) => void) => void, handlers: Handlers): void {
  const p = saxesParser(handlers);
  const decoder = new TextDecoder();
  produce((chunk) => {
    const text = decoder.decode(chunk, { stream: true });
    if (text) p.write(text);
  });
  const tail = decoder.decode();
  if (tail) p.write(tail);
  p.close();
}

/**
 * Runs a reader with the fast parser below and, if that one meets anything outside the plain
 * XML it handles, again from scratch with saxes: saxes has the last word on every unusual
 * document (and on every malformed one, which it rejects), the fast path only ever sees what
 * Excel and exceljs write. `run` must keep all its state inside (it may run twice).
 */
export function withParser<T>(run: (parse: Parse) => T): T {
  try {
    return run(fastParse);
  } catch (e) {
    if (e instanceof Unusual) return run(saxesParse);
    throw e;
  }
}

/** The fast parser met something it leaves to saxes. */
class Unusual extends Error {}

/**
 * Characters the fast parser leaves to saxes: those XML forbids and CR (which XML normalises
 * at parse time); `]]>` in text goes too (checked apart: one character class scans faster).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNUSUAL_CHARS = /[\0-\x08\x0B-\x1F\uFFFE\uFFFF]/;
const XML_DECL =
  /<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(?:"1\.0"|'1\.0')(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\n]*\?>/y;
/** Start tag after its `<`: name, then attributes (each after whitespace), then `>` or `/>`. */
const START_TAG = /([A-Za-z_][\w.:-]*)((?:[ \t\n]+[A-Za-z_][\w.:-]*[ \t\n]*=[ \t\n]*(?:"[^"<\t\n]*"|'[^'<\t\n]*'))*)[ \t\n]*(\/?)>/y;
const ATTRIBUTE = /[ \t\n]+([A-Za-z_][\w.:-]*)[ \t\n]*=[ \t\n]*(?:"([^"]*)"|'([^']*)')/y;
const END_TAG = /\/([A-Za-z_][\w.:-]*)[ \t\n]*>/y;
const ONLY_SPACE = /^[ \t\n]*$/;

/**
 * A small non-validating XML parser for the documents Excel and exceljs write: elements,
 * attributes, text with the predefined entities and character references, and an XML
 * declaration. It checks what saxes checks on such documents (matching end tags, one root,
 * no text outside it, unique attributes, known entities, allowed characters) and throws
 * Unusual for anything else (comments, CDATA, DOCTYPE, processing instructions, CR, tabs or
 * newlines in attribute values, non-ASCII names…), which then goes to saxes.
 */
function fastParse(xml: string, handlers: Handlers): void {
  if (UNUSUAL_CHARS.test(xml) || xml.includes(']]>')) throw new Unusual();
  const { open, close, text } = handlers;
  const stack: string[] = [];
  let rootSeen = false;
  let p = 0;
  if (xml.startsWith('<?xml')) {
    XML_DECL.lastIndex = 0;
    if (!XML_DECL.test(xml)) throw new Unusual();
    p = XML_DECL.lastIndex;
  }
  const n = xml.length;
  // The next "&" at or after the text being read: found once and moved forward only, so a long
  // document costs one pass however many text nodes it has (indexOf from every text node to the
  // end of the document was quadratic).
  let nextAmp = xml.indexOf('&');
  while (p < n) {
    const lt = xml.indexOf('<', p);
    const end = lt < 0 ? n : lt;
    if (end > p) {
      if (stack.length === 0) {
        if (!ONLY_SPACE.test(xml.slice(p, end))) throw new Unusual();
      } else if (text) {
        if (nextAmp >= 0 && nextAmp < p) nextAmp = xml.indexOf('&', p);
        const raw = xml.slice(p, end);
        text(nextAmp >= 0 && nextAmp < end ? decodeEntities(raw) : raw);
      }
    }
    if (lt < 0) break;
    const c = xml.charCodeAt(lt + 1);
    if (c === 0x2f /* / */) {
      END_TAG.lastIndex = lt + 1;
      const m = END_TAG.exec(xml);
      if (!m || stack.pop() !== m[1]) throw new Unusual();
      close?.(local(m[1]));
      p = END_TAG.lastIndex;
      continue;
    }
    START_TAG.lastIndex = lt + 1;
    const m = START_TAG.exec(xml);
    if (!m) throw new Unusual();
    p = START_TAG.lastIndex;
    if (stack.length === 0) {
      if (rootSeen) throw new Unusual();
      rootSeen = true;
    }
    const name = m[1];
    const selfClosing = m[3] === '/';
    if (open) {
      const attrs: Record<string, string> = {};
      const raw = m[2];
      if (raw) {
        ATTRIBUTE.lastIndex = 0;
        for (let a = ATTRIBUTE.exec(raw); a; a = ATTRIBUTE.exec(raw)) {
          const key = a[1];
          if (Object.prototype.hasOwnProperty.call(attrs, key)) throw new Unusual();
          const v = a[2] ?? a[3];
          attrs[key] = v.indexOf('&') < 0 ? v : decodeEntities(v);
        }
      }
      open(local(name), attrs);
    } else if (m[2]) {
      // Unique attribute names are still checked (saxes rejects duplicates).
      const seen = new Set<string>();
      ATTRIBUTE.lastIndex = 0;
      for (let a = ATTRIBUTE.exec(m[2]); a; a = ATTRIBUTE.exec(m[2])) {
        if (seen.has(a[1])) throw new Unusual();
        seen.add(a[1]);
      }
    }
    if (selfClosing) close?.(local(name));
    else stack.push(name);
  }
  if (!rootSeen || stack.length) throw new Unusual();
}

/**
 * `s` with the predefined entities and character references decoded: the one entity decoder of the
 * worker. An unknown entity or a reference to a character XML forbids is Unusual (saxes, which has
 * the last word, then rejects the document).
 */
export function decodeEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let p = 0;
  while (amp >= 0) {
    const semi = s.indexOf(';', amp);
    if (semi < 0) throw new Unusual();
    out += s.slice(p, amp) + entity(s.slice(amp + 1, semi));
    p = semi + 1;
    amp = s.indexOf('&', p);
  }
  return out + s.slice(p);
}

function entity(e: string): string {
  switch (e) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  let cp = NaN;
  if (/^#[0-9]+$/.test(e)) cp = parseInt(e.slice(1), 10);
  else if (/^#x[0-9a-fA-F]+$/.test(e)) cp = parseInt(e.slice(2), 16);
  const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
  if (!ok) throw new Unusual();
  return String.fromCodePoint(cp);
}

export function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * OPC relationship target resolution: `target` relative to the folder of the part whose rels it is
 * in (`baseDir`, e.g. "xl/"), or absolute from the package root when it starts with "/".
 */
export function resolveTarget(baseDir: string, target: string): string {
  const t = target.trim();
  const parts = (t.startsWith('/') ? t.slice(1) : baseDir + t).split('/');
  const out: string[] = [];
  for (const seg of parts) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

/** The two parsers by name (tests compare them on the same documents), and the fast one's refusal. */
export const PARSERS: Record<'fast' | 'saxes', Parse> = { fast: fastParse, saxes: saxesParse };
export function isUnusual(e: unknown): boolean {
  return e instanceof Unusual;
}
