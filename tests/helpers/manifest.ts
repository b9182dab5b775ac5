// Offline helpers for reading the add-in manifest (and PNG icon headers) in tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MANIFEST_PATH = path.join(ROOT, 'manifest.xml');
export const ASSETS_DIR = path.join(ROOT, 'addin', 'assets');

export interface XmlElement {
  tag: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlElement[];
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  ignoreDeclaration: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

function convert(node: OrderedNode): XmlElement | string {
  if ('#text' in node) return String(node['#text']);
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (!tag) throw new Error('empty XML node');
  const kids = (node[tag] as OrderedNode[]).map(convert);
  return {
    tag,
    attrs: { ...(node[':@'] ?? {}) },
    text: kids.filter((k): k is string => typeof k === 'string').join(''),
    children: kids.filter((k): k is XmlElement => typeof k !== 'string'),
  };
}

/** Parses XML into a simple element tree; throws if it is not well-formed. */
export function parseXml(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`XML not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  const roots = (parser.parse(xml) as OrderedNode[]).map(convert).filter((n): n is XmlElement => typeof n !== 'string');
  if (roots.length !== 1) throw new Error(`expected one root element, got ${roots.length}`);
  return roots[0];
}

export function readManifestXml(): string {
  return readFileSync(MANIFEST_PATH, 'utf8');
}

/** Every element below `el` (depth-first, document order), not including `el`. */
export function descendants(el: XmlElement): XmlElement[] {
  return el.children.flatMap((c) => [c, ...descendants(c)]);
}

export function findAll(el: XmlElement, tag: string): XmlElement[] {
  return descendants(el).filter((d) => d.tag === tag);
}

/** The single direct child named `tag`; throws when missing or repeated. */
export function child(el: XmlElement, tag: string): XmlElement {
  const found = el.children.filter((c) => c.tag === tag);
  if (found.length !== 1) throw new Error(`<${el.tag}> has ${found.length} <${tag}> children, expected 1`);
  return found[0];
}

export function children(el: XmlElement, tag: string): XmlElement[] {
  return el.children.filter((c) => c.tag === tag);
}

/** Every attribute value and text node in the tree, with where it came from. */
export function allValues(el: XmlElement): { where: string; attr?: string; value: string }[] {
  const own = [
    ...Object.entries(el.attrs).map(([k, v]) => ({ where: `<${el.tag} ${k}>`, attr: k, value: v })),
    ...(el.text ? [{ where: `<${el.tag}> text`, value: el.text }] : []),
  ];
  return [...own, ...el.children.flatMap(allValues)];
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  const signature = '89504e470d0a1a0a';
  if (buf.subarray(0, 8).toString('hex') !== signature || buf.subarray(12, 16).toString('ascii') !== 'IHDR') {
    throw new Error(`${file} is not a PNG`);
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

export { compareVersions } from '../../addin/office/capabilities.ts';
