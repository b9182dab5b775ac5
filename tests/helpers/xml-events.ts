import { isUnusual, PARSERS } from '../../worker/ingest/read/xml.ts';

/**
 * The events of `xml` as the fast parser or saxes reports them (each event a string),
 * or 'unusual' when the fast parser leaves the document to saxes, or 'error: …' when it fails.
 * Text outside the root element (whitespace only; no reader looks at it) is left out.
 */
export function xmlEvents(xml: string, parser: 'fast' | 'saxes'): string[] | 'unusual' | `error: ${string}` {
  const events: string[] = [];
  let depth = 0;
  try {
    PARSERS[parser](xml, {
      open: (name, a) => {
        depth++;
        events.push(`<${name} ${JSON.stringify(a)}`);
      },
      close: (name) => {
        depth--;
        events.push(`</${name}`);
      },
      text: (t) => {
        if (depth === 0) return; // whitespace around the root (saxes reports some of it): read by no one
        if (events.length && events[events.length - 1].startsWith('"')) events[events.length - 1] = JSON.stringify(JSON.parse(events[events.length - 1]) + t);
        else events.push(JSON.stringify(t));
      },
    });
  } catch (e) {
    if (isUnusual(e)) return 'unusual';
    return `error: ${(e as Error).message}`;
  }
  return events;
}
