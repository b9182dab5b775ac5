/**
 * Makes a workbook open the add-in's task pane by itself (Office's "autoopen" feature, AddinCommands
 * 1.1): the web-extension task-pane parts of Office Open XML, added to an .xlsx after exceljs wrote
 * it (exceljs does not write them). The manifest's ShowTaskpane action must have the TaskpaneId
 * `Office.AutoShowTaskpaneWithDocument` (manifest.xml does); the pane opens only where the add-in
 * is installed, so the file stays an ordinary workbook everywhere else (LibreOffice, the worker's
 * reader and Excel without the add-in ignore the parts).
 *
 * Parts, as Microsoft documents them ("Automatically open a task pane with a document", and
 * [MS-OWEXML]):
 *   /xl/webextensions/taskpanes.xml          application/vnd.ms-office.webextensiontaskpanes+xml,
 *                                            from the package's _rels/.rels with type
 *                                            http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes
 *   /xl/webextensions/webextension1.xml      application/vnd.ms-office.webextension+xml, from
 *                                            taskpanes.xml's rels with type …/2011/relationships/webextension;
 *                                            its property Office.AutoShowTaskpaneWithDocument = true
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

export interface AutoOpenOptions {
  /** The add-in's id: the manifest's <Id> (a GUID). */
  addinId: string;
  /** The manifest's <Version> ("1.1.0.0"). */
  version: string;
  /**
   * Where Office finds the add-in: "EXCatalog" (Centralized Deployment in the Microsoft 365 admin
   * center, the default), "FileSystem" (a shared-folder catalog; `store` is the share path),
   * "Registry" (sideloaded; `store` "developer") or "OMEX" (AppSource; `store` the locale).
   */
  storeType?: 'EXCatalog' | 'FileSystem' | 'Registry' | 'OMEX' | (string & {});
  /** Defaults by store type: "EXCatalog", "developer"; required for FileSystem and OMEX. */
  store?: string;
  /**
   * "1": the pane opens the first time the file is opened (Office asks to trust the add-in once);
   * "0": only after the user has opened the add-in once with this file. Default true ("1").
   */
  visibleFirstTime?: boolean;
  /** Task-pane width in pixels (default 350). */
  width?: number;
}

export const TASKPANES_PART = 'xl/webextensions/taskpanes.xml';
export const TASKPANES_RELS_PART = 'xl/webextensions/_rels/taskpanes.xml.rels';
export const WEBEXTENSION_PART = 'xl/webextensions/webextension1.xml';
export const TASKPANES_REL_TYPE = 'http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes';
export const WEBEXTENSION_REL_TYPE = 'http://schemas.microsoft.com/office/2011/relationships/webextension';
export const TASKPANES_CONTENT_TYPE = 'application/vnd.ms-office.webextensiontaskpanes+xml';
export const WEBEXTENSION_CONTENT_TYPE = 'application/vnd.ms-office.webextension+xml';
export const AUTO_SHOW_PROPERTY = 'Office.AutoShowTaskpaneWithDocument';

const WE_NS = 'http://schemas.microsoft.com/office/webextensions/webextension/2010/11';
const WETP_NS = 'http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The web-extension instance id: a GUID derived from the add-in id, so the output is reproducible. */
function instanceId(addinId: string): string {
  const hex = addinId.replace(/[{}-]/g, '').toUpperCase();
  // Flip the first nibble so the instance id is not the add-in id itself.
  const first = ((parseInt(hex[0], 16) + 8) % 16).toString(16).toUpperCase();
  const h = first + hex.slice(1);
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}}`;
}

function defaultStore(storeType: string): string | undefined {
  if (storeType === 'EXCatalog') return 'EXCatalog';
  if (storeType === 'Registry') return 'developer';
  return undefined;
}

function webextensionXml(o: Required<Pick<AutoOpenOptions, 'addinId' | 'version'>> & { storeType: string; store: string }): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<we:webextension xmlns:we="${WE_NS}" id="${instanceId(o.addinId)}">` +
    `<we:reference id="${attr(o.addinId.replace(/[{}]/g, ''))}" version="${attr(o.version)}" store="${attr(o.store)}" storeType="${attr(o.storeType)}"/>` +
    '<we:alternateReferences/>' +
    `<we:properties><we:property name="${AUTO_SHOW_PROPERTY}" value="true"/></we:properties>` +
    '<we:bindings/>' +
    `<we:snapshot xmlns:r="${R_NS}"/>` +
    '</we:webextension>'
  );
}

function taskpanesXml(visible: boolean, width: number): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<wetp:taskpanes xmlns:wetp="${WETP_NS}">` +
    `<wetp:taskpane dockstate="right" visibility="${visible ? 1 : 0}" width="${width}" row="1">` +
    `<wetp:webextensionref xmlns:r="${R_NS}" r:id="rId1"/>` +
    '</wetp:taskpane>' +
    '</wetp:taskpanes>'
  );
}

const TASKPANES_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<Relationships xmlns="${PKG_RELS_NS}"><Relationship Id="rId1" Type="${WEBEXTENSION_REL_TYPE}" Target="webextension1.xml"/></Relationships>`;

/** [Content_Types].xml with an Override for each part (an existing one for the same part is replaced). */
function withOverrides(types: string, overrides: [string, string][]): string {
  let out = types;
  for (const [part, type] of overrides) {
    const name = `/${part}`;
    out = out.replace(new RegExp(`<Override\\b[^>]*PartName="${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"[^>]*/>`, 'g'), '');
    if (!out.includes('</Types>')) throw new Error('[Content_Types].xml has no </Types>.');
    out = out.replace('</Types>', `<Override PartName="${name}" ContentType="${type}"/></Types>`);
  }
  return out;
}

/** The package rels with one task-panes relationship (an earlier one is replaced). */
function withTaskpanesRel(rels: string): string {
  const without = rels.replace(/<Relationship\b[^>]*Type="http:\/\/schemas\.microsoft\.com\/office\/2011\/relationships\/webextensiontaskpanes"[^>]*\/>/g, '');
  const used = new Set([...without.matchAll(/\bId="([^"]+)"/g)].map((m) => m[1]));
  let n = 1;
  while (used.has(`rId${n}`)) n++;
  if (!without.includes('</Relationships>')) throw new Error('_rels/.rels has no </Relationships>.');
  return without.replace('</Relationships>', `<Relationship Id="rId${n}" Type="${TASKPANES_REL_TYPE}" Target="${TASKPANES_PART}"/></Relationships>`);
}

/**
 * Returns a copy of the .xlsx `xlsx` whose task pane opens by itself where the add-in `addinId` is
 * installed. Pure (bytes in, bytes out); applying it twice gives the same parts once.
 */
export function addTaskpaneAutoOpen(xlsx: Uint8Array, opts: AutoOpenOptions): Uint8Array {
  if (!GUID.test(opts.addinId)) throw new Error(`addTaskpaneAutoOpen: the add-in id must be the manifest's GUID, got “${opts.addinId}”.`);
  if (!/^\d+(\.\d+){0,3}$/.test(opts.version))
    throw new Error(`addTaskpaneAutoOpen: the version must be the manifest's version (1.0.0.0), got “${opts.version}”.`);
  const storeType = opts.storeType ?? 'EXCatalog';
  const store = opts.store ?? defaultStore(storeType);
  if (!store) throw new Error(`addTaskpaneAutoOpen: store type ${storeType} needs \`store\` (the share path or AppSource locale).`);
  const width = opts.width ?? 350;
  if (!Number.isInteger(width) || width < 100 || width > 2000) throw new Error(`addTaskpaneAutoOpen: width ${width} is not a pane width in pixels.`);

  const files = unzipSync(xlsx);
  const types = files['[Content_Types].xml'];
  const rels = files['_rels/.rels'];
  if (!types || !rels) throw new Error('addTaskpaneAutoOpen: not an Office Open XML package ([Content_Types].xml or _rels/.rels missing).');

  const out: Zippable = {};
  for (const [name, data] of Object.entries(files)) {
    if (name === TASKPANES_PART || name === TASKPANES_RELS_PART || name === WEBEXTENSION_PART) continue;
    if (name === '[Content_Types].xml') {
      out[name] = strToU8(
        withOverrides(strFromU8(data), [
          [TASKPANES_PART, TASKPANES_CONTENT_TYPE],
          [WEBEXTENSION_PART, WEBEXTENSION_CONTENT_TYPE],
        ]),
      );
    } else if (name === '_rels/.rels') {
      out[name] = strToU8(withTaskpanesRel(strFromU8(data)));
    } else {
      out[name] = data;
    }
  }
  out[TASKPANES_PART] = strToU8(taskpanesXml(opts.visibleFirstTime !== false, width));
  out[TASKPANES_RELS_PART] = strToU8(TASKPANES_RELS);
  out[WEBEXTENSION_PART] = strToU8(webextensionXml({ addinId: opts.addinId, version: opts.version, storeType, store }));
  return zipSync(out, { level: 6 });
}
