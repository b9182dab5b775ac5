// Offline checks of manifest.xml (`npm run validate` needs the internet) and of the
// production rewrite that `webpack --mode production` applies to it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PROD_URL, DEV_URL, PROD_URL_ENV, resolveProdUrl, transformManifest } from '../addin/build/manifest-transform.js';
import {
  ASSETS_DIR,
  ROOT,
  allValues,
  child,
  children,
  compareVersions,
  findAll,
  parseXml,
  pngSize,
  readManifestXml,
  type XmlElement,
} from './helpers/manifest.ts';

// The dev server's certificates come from the local cert store; never touch it here.
const devCerts = vi.hoisted(() => ({
  getHttpsServerOptions: vi.fn(async () => ({ ca: Buffer.from('ca'), key: Buffer.from('key'), cert: Buffer.from('cert') })),
}));
vi.mock('office-addin-dev-certs', () => ({ ...devCerts, default: devCerts }));

const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let xml: string;
let app: XmlElement;
let overrides: XmlElement;
let resources: XmlElement;

beforeAll(() => {
  xml = readManifestXml();
  app = parseXml(xml);
  overrides = child(app, 'VersionOverrides');
  resources = child(overrides, 'Resources');
});

/** Resource section that a `resid` on this element must point into. */
function sectionFor(el: XmlElement): string {
  switch (el.tag) {
    case 'Label':
    case 'Title':
      return 'bt:ShortStrings';
    case 'Description':
      return 'bt:LongStrings';
    case 'bt:Image':
      return 'bt:Images';
    case 'SourceLocation':
    case 'FunctionFile':
    case 'LearnMoreUrl':
      return 'bt:Urls';
    default:
      throw new Error(`unexpected resid on <${el.tag}>`);
  }
}

function definitions(section: string): XmlElement[] {
  return child(resources, section).children;
}

function resource(section: string, id: string): XmlElement {
  const found = definitions(section).filter((d) => d.attrs.id === id);
  expect(found, `${section} id="${id}"`).toHaveLength(1);
  return found[0];
}

/** The Vietnamese default and en-US override of a localizable element. */
function localized(el: XmlElement, overrideTag: string): { vi: string; en: string } {
  const en = children(el, overrideTag).filter((o) => o.attrs.Locale === 'en-US');
  expect(en, `<${el.tag}> en-US <${overrideTag}>`).toHaveLength(1);
  return { vi: el.attrs.DefaultValue, en: en[0].attrs.Value };
}

function expectVietnameseWithEnglish({ vi, en }: { vi: string; en: string }, expectedVi?: string): void {
  if (expectedVi !== undefined) expect(vi).toBe(expectedVi);
  expect(vi).toMatch(VIETNAMESE);
  expect(en.trim().length).toBeGreaterThan(0);
  expect(en).not.toMatch(VIETNAMESE);
  expect(en).not.toBe(vi);
}

describe('manifest.xml', () => {
  it('is a schema 1.1 TaskPaneApp with a GUID id and a four-part version', () => {
    expect(app.tag).toBe('OfficeApp');
    expect(app.attrs.xmlns).toBe('http://schemas.microsoft.com/office/appforoffice/1.1');
    expect(app.attrs['xsi:type']).toBe('TaskPaneApp');
    expect(child(app, 'Id').text).toMatch(GUID);
    const version = child(app, 'Version').text;
    expect(version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    for (const part of version.split('.')) expect(Number(part)).toBeLessThanOrEqual(65535);
    expect(overrides.attrs.xmlns).toBe('http://schemas.microsoft.com/office/taskpaneappversionoverrides');
    expect(overrides.attrs['xsi:type']).toBe('VersionOverridesV1_0');
  });

  it('is Vietnamese by default, from UBND thị xã Hồng Lĩnh, with en-US overrides', () => {
    expect(child(app, 'ProviderName').text).toBe('UBND thị xã Hồng Lĩnh');
    expect(child(app, 'DefaultLocale').text).toBe('vi-VN');
    expectVietnameseWithEnglish(localized(child(app, 'DisplayName'), 'Override'), 'Phụ lục 1 – Chỉ tiêu kế hoạch');
    expectVietnameseWithEnglish(localized(child(app, 'Description'), 'Override'));
  });

  it('keeps all text NFC-normalized (precomposed Vietnamese diacritics), in the glossary’s words', () => {
    for (const { where, value } of allValues(app)) expect(value.normalize('NFC'), where).toBe(value);
    const vietnamese = allValues(app)
      .filter(({ attr }) => attr === 'DefaultValue')
      .map(({ value }) => value)
      .join('\n');
    expect(vietnamese).not.toMatch(/bảng kiểm tra|máy chủ|SHA-256|Đừng/i);
  });

  it('targets Excel (Workbook) with read/write document access', () => {
    expect(children(child(app, 'Hosts'), 'Host').map((h) => h.attrs.Name)).toEqual(['Workbook']);
    expect(children(child(overrides, 'Hosts'), 'Host').map((h) => h.attrs['xsi:type'])).toEqual(['Workbook']);
    expect(child(app, 'Permissions').text).toBe('ReadWriteDocument');
  });

  it('requires only ExcelApi 1.1, so Excel 2016 installs it (everything newer is checked at run time)', () => {
    const sets = child(child(app, 'Requirements'), 'Sets');
    expect(sets.attrs.DefaultMinVersion).toBe('1.1');
    expect(children(sets, 'Set').map((s) => s.attrs)).toEqual([{ Name: 'ExcelApi', MinVersion: '1.1' }]);

    const ovSets = child(child(overrides, 'Requirements'), 'bt:Sets');
    expect(children(ovSets, 'bt:Set').map((s) => s.attrs)).toEqual([{ Name: 'ExcelApi', MinVersion: '1.1' }]);

    const allSets = [...findAll(app, 'Set'), ...findAll(app, 'bt:Set')];
    for (const s of allSets) expect(compareVersions(s.attrs.MinVersion ?? '1.1', '1.1'), JSON.stringify(s.attrs)).toBe(0);
  });

  it('keeps the schema’s element order (OfficeApp, DesktopFormFactor)', () => {
    const ORDER = [
      'Id',
      'AlternateId',
      'Version',
      'ProviderName',
      'DefaultLocale',
      'DisplayName',
      'Description',
      'IconUrl',
      'HighResolutionIconUrl',
      'SupportUrl',
      'AppDomains',
      'Hosts',
      'Requirements',
      'DefaultSettings',
      'Permissions',
      'AllowSnapshot',
      'VersionOverrides',
    ];
    const tags = app.children.map((c) => c.tag);
    expect(
      tags.every((t) => ORDER.includes(t)),
      tags.join(','),
    ).toBe(true);
    expect([...tags].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))).toEqual(tags);
    const form = findAll(overrides, 'DesktopFormFactor');
    expect(form).toHaveLength(1);
    expect(form[0].children.map((c) => c.tag)).toEqual(['GetStarted', 'FunctionFile', 'ExtensionPoint']);
  });

  it('has a SupportUrl and a GetStarted callout pointing at the help page that the build ships', () => {
    const support = child(app, 'SupportUrl').attrs.DefaultValue;
    expect(support).toBe(`${DEV_URL}help.html`);
    const started = findAll(overrides, 'GetStarted');
    expect(started).toHaveLength(1);
    expectVietnameseWithEnglish(localized(resource('bt:ShortStrings', child(started[0], 'Title').attrs.resid), 'bt:Override'));
    expectVietnameseWithEnglish(localized(resource('bt:LongStrings', child(started[0], 'Description').attrs.resid), 'bt:Override'));
    expect(resource('bt:Urls', child(started[0], 'LearnMoreUrl').attrs.resid).attrs.DefaultValue).toBe(support);
    const help = readFileSync(path.join(ROOT, 'addin', 'help.html'), 'utf8');
    expect(help).toMatch(/<html lang="vi">/);
    expect(help).toMatch(/<main>/);
    expect(help).not.toMatch(/<script/);
  });

  it('opens the pane by itself with a template that asks for it (Office.AutoShowTaskpaneWithDocument)', () => {
    const ids = findAll(overrides, 'TaskpaneId').map((t) => t.text);
    expect(ids).toEqual(['Office.AutoShowTaskpaneWithDocument']);
  });

  it('has a task-pane button in a custom group on the Home tab, labelled in Vietnamese', () => {
    const tabs = findAll(overrides, 'OfficeTab');
    expect(tabs.map((t) => t.attrs.id)).toEqual(['TabHome']);
    const group = child(tabs[0], 'Group');
    expect(group.attrs.id).toBeTruthy();
    expectVietnameseWithEnglish(localized(resource('bt:ShortStrings', child(group, 'Label').attrs.resid), 'bt:Override'), 'Phụ lục 1');

    const button = child(group, 'Control');
    expect(button.attrs['xsi:type']).toBe('Button');
    expectVietnameseWithEnglish(localized(resource('bt:ShortStrings', child(button, 'Label').attrs.resid), 'bt:Override'), 'Mở ngăn kiểm tra');
    const supertip = child(button, 'Supertip');
    expectVietnameseWithEnglish(localized(resource('bt:ShortStrings', child(supertip, 'Title').attrs.resid), 'bt:Override'));
    expectVietnameseWithEnglish(localized(resource('bt:LongStrings', child(supertip, 'Description').attrs.resid), 'bt:Override'));

    const action = child(button, 'Action');
    expect(action.attrs['xsi:type']).toBe('ShowTaskpane');
    const paneUrl = resource('bt:Urls', child(action, 'SourceLocation').attrs.resid).attrs.DefaultValue;
    expect(paneUrl).toBe(child(child(app, 'DefaultSettings'), 'SourceLocation').attrs.DefaultValue);
    expect(paneUrl).toBe(`${DEV_URL}taskpane.html`);
  });

  it('defines every referenced resource id, each once, within the length limits', () => {
    const referencing = allElements(overrides).filter((e) => e.attrs.resid !== undefined);
    expect(referencing.length).toBeGreaterThan(0);
    const used = new Set<string>();
    for (const el of referencing) {
      const section = sectionFor(el);
      resource(section, el.attrs.resid);
      used.add(`${section}#${el.attrs.resid}`);
    }
    for (const section of ['bt:Images', 'bt:Urls', 'bt:ShortStrings', 'bt:LongStrings']) {
      const ids = definitions(section).map((d) => d.attrs.id);
      expect(new Set(ids).size, `${section} ids unique`).toBe(ids.length);
      for (const d of definitions(section)) {
        expect(d.attrs.id.length, `${section} id ${d.attrs.id}`).toBeLessThanOrEqual(32);
        expect(used.has(`${section}#${d.attrs.id}`), `${section} id ${d.attrs.id} is used`).toBe(true);
        const limit = section === 'bt:ShortStrings' ? 125 : section === 'bt:LongStrings' ? 250 : 2048;
        for (const v of [d.attrs.DefaultValue, ...children(d, 'bt:Override').map((o) => o.attrs.Value)]) {
          expect(v.length, `${section} ${d.attrs.id}`).toBeLessThanOrEqual(limit);
        }
      }
    }
  });

  it('points every icon at a PNG of the right size in addin/assets', () => {
    const icons: { url: string; size: number }[] = [
      { url: child(app, 'IconUrl').attrs.DefaultValue, size: 32 },
      { url: child(app, 'HighResolutionIconUrl').attrs.DefaultValue, size: 64 },
    ];
    for (const img of findAll(overrides, 'bt:Image').filter((i) => i.attrs.resid)) {
      icons.push({ url: resource('bt:Images', img.attrs.resid).attrs.DefaultValue, size: Number(img.attrs.size) });
    }
    for (const img of definitions('bt:Images')) {
      const m = /(\d+)x\1$/.exec(img.attrs.id);
      if (m) icons.push({ url: img.attrs.DefaultValue, size: Number(m[1]) });
    }
    expect(icons.length).toBeGreaterThanOrEqual(8);
    for (const { url, size } of icons) {
      expect(url.startsWith(`${DEV_URL}assets/`), url).toBe(true);
      const file = path.join(ASSETS_DIR, url.slice(`${DEV_URL}assets/`.length));
      expect(existsSync(file), file).toBe(true);
      expect(pngSize(file), url).toEqual({ width: size, height: size });
    }
    for (const size of [16, 32, 64, 80]) expect(existsSync(path.join(ASSETS_DIR, `icon-${size}.png`))).toBe(true);
  });

  it('uses only https URLs, all on the dev server in the source manifest', () => {
    // Everything that looks like a URL, except the xmlns namespace names.
    const urls = allValues(app).filter(({ attr, value }) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !attr?.startsWith('xmlns'));
    expect(urls.length).toBeGreaterThan(5);
    for (const { where, value } of urls) {
      expect(value, where).toMatch(/^https:\/\//);
      expect(value.startsWith(DEV_URL.slice(0, -1)), `${where} ${value}`).toBe(true);
    }
    expect(children(child(app, 'AppDomains'), 'AppDomain').map((d) => d.text)).toEqual(['https://localhost:3000']);
  });
});

describe('production manifest rewrite', () => {
  const saved = process.env[PROD_URL_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[PROD_URL_ENV];
    else process.env[PROD_URL_ENV] = saved;
  });

  it('resolves the production URL from ADDIN_PROD_URL, else the default', () => {
    expect(PROD_URL_ENV).toBe('ADDIN_PROD_URL');
    expect(DEFAULT_PROD_URL).toBe('https://phuluc.honglinh.hatinh.gov.vn/addin/');
    expect(resolveProdUrl({})).toBe(DEFAULT_PROD_URL);
    expect(resolveProdUrl({ ADDIN_PROD_URL: '  ' })).toBe(DEFAULT_PROD_URL);
    expect(resolveProdUrl({ ADDIN_PROD_URL: 'https://example.gov.vn/phuluc' })).toBe('https://example.gov.vn/phuluc/');
    expect(() => resolveProdUrl({ ADDIN_PROD_URL: 'http://example.gov.vn/' })).toThrow(/https/);
    expect(() => resolveProdUrl({ ADDIN_PROD_URL: 'https://localhost:8443/' })).toThrow(/localhost/);
    expect(() => resolveProdUrl({ ADDIN_PROD_URL: 'not a url' })).toThrow(/valid URL/);
  });

  it('rewrites every dev-server URL and leaves no localhost', () => {
    const out = transformManifest(xml, DEFAULT_PROD_URL);
    expect(out).not.toMatch(/localhost/i);
    expect(out).toContain(`${DEFAULT_PROD_URL}taskpane.html`);
    expect(out).toContain(`${DEFAULT_PROD_URL}assets/icon-32.png`);
    const prod = parseXml(out);
    expect(children(child(prod, 'AppDomains'), 'AppDomain').map((d) => d.text)).toEqual(['https://phuluc.honglinh.hatinh.gov.vn']);
    // Same document apart from the URLs.
    const strip = (s: string) => s.split(DEFAULT_PROD_URL).join('<BASE>/').split('https://phuluc.honglinh.hatinh.gov.vn').join('<BASE>');
    expect(strip(out)).toBe(xml.split(DEV_URL).join('<BASE>/').split(DEV_URL.slice(0, -1)).join('<BASE>'));
    expect(() => transformManifest(`${xml}<!-- http://localhost:8080/x -->`, DEFAULT_PROD_URL)).toThrow(/localhost/);
  });

  it('is what webpack --mode production applies when copying manifest.xml', async () => {
    process.env[PROD_URL_ENV] = 'https://addin.example.gov.vn/phuluc/';
    const mod = await import(pathToFileURL(path.join(ROOT, 'webpack.config.js')).href);
    const cfg = await mod.default({ WEBPACK_BUILD: true }, { mode: 'production' });
    expect(cfg.devtool).toBe(false);
    expect(cfg.devServer).toBeUndefined(); // no dev certificates during a build
    // The pane's entry, and the console's beside it (console/build/webpack-console.js), whose pages
    // loaded on demand are asked for beside it (publicPath '').
    expect(cfg.entry).toEqual({ taskpane: './addin/index.tsx', console: { import: './console/index.tsx', filename: '../console/console.js', publicPath: '' } });
    expect(cfg.output.path).toBe(path.join(ROOT, 'dist', 'addin'));

    const copy = cfg.plugins.find((p: { patterns?: unknown }) => Array.isArray(p.patterns));
    const pattern = copy.patterns.find((p: { from: string }) => p.from === 'manifest.xml');
    expect(pattern.to).toBe('manifest.xml');
    const out = String(await pattern.transform(Buffer.from(xml, 'utf8'), path.join(ROOT, 'manifest.xml')));
    expect(out).not.toMatch(/localhost/i);
    expect(out).toContain('https://addin.example.gov.vn/phuluc/taskpane.html');

    const dev = await mod.default({ WEBPACK_BUILD: true }, { mode: 'development' });
    const devPattern = dev.plugins
      .find((p: { patterns?: unknown }) => Array.isArray(p.patterns))
      .patterns.find((p: { from: string }) => p.from === 'manifest.xml');
    expect(devPattern.transform).toBeUndefined();
    expect(devCerts.getHttpsServerOptions).not.toHaveBeenCalled();
  });

  it('serves over https on port 3000 with dev certificates only under webpack serve', async () => {
    const mod = await import(pathToFileURL(path.join(ROOT, 'webpack.config.js')).href);
    const cfg = await mod.default({ WEBPACK_SERVE: true }, { mode: 'development' });
    expect(devCerts.getHttpsServerOptions).toHaveBeenCalledTimes(1);
    expect(cfg.devServer.port).toBe(3000);
    expect(cfg.devServer.headers).toEqual({ 'Access-Control-Allow-Origin': '*' });
    expect(cfg.devServer.server.type).toBe('https');
    expect(String(cfg.devServer.server.options.cert)).toBe('cert');
  });
});

function allElements(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap(allElements)];
}
