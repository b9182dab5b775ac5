// `phuluc manifest --url https://…/addin/`: the add-in's manifest for the address the worker serves
// the pane at, written without rebuilding the pane, and validated offline like the source manifest.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_URL, transformManifest } from '../addin/build/manifest-transform.js';
import { phuluc } from './helpers/cli.ts';
import { allValues, child, children, findAll, parseXml, readManifestXml } from './helpers/manifest.ts';
import { tempDir } from './helpers/worker.ts';

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

describe('phuluc manifest', () => {
  it('writes a manifest whose every address is the system’s /addin/, the source manifest otherwise', async () => {
    const out = path.join(tempDir('manifest'), 'phu-luc-1.xml');
    const r = await phuluc('manifest', '--url', 'https://baocao.honglinh.gov.vn:8787/addin/', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Đã ghi tệp kê khai của phần bổ trợ cho https://baocao.honglinh.gov.vn:8787/addin/taskpane.html: ${out}`);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toBe(transformManifest(readManifestXml(), 'https://baocao.honglinh.gov.vn:8787/addin/'));
    const app = parseXml(xml);
    expect(app.children.map((c) => c.tag).filter((t) => !ORDER.includes(t))).toEqual([]);
    expect(children(child(app, 'AppDomains'), 'AppDomain').map((d) => d.text)).toEqual(['https://baocao.honglinh.gov.vn:8787']);
    expect(child(child(app, 'DefaultSettings'), 'SourceLocation').attrs.DefaultValue).toBe('https://baocao.honglinh.gov.vn:8787/addin/taskpane.html');
    const urls = allValues(app).filter(({ attr, value }) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !attr?.startsWith('xmlns'));
    expect(urls.length).toBeGreaterThan(5);
    for (const { where, value } of urls) expect(value.startsWith('https://baocao.honglinh.gov.vn:8787'), `${where} ${value}`).toBe(true);
    expect(xml).not.toMatch(/localhost/);
    // The pane's own URL and the button's point at the page the worker serves.
    expect(findAll(app, 'bt:Url').map((u) => u.attrs.DefaultValue)).toEqual([
      'https://baocao.honglinh.gov.vn:8787/addin/taskpane.html',
      'https://baocao.honglinh.gov.vn:8787/addin/help.html',
    ]);
    expect(readManifestXml()).toContain(DEV_URL);
  });

  it('adds /addin/ to a bare address and https:// to a bare name; refuses http, localhost and a missing --url in Vietnamese', async () => {
    const dir = tempDir('manifest-bare');
    const r = await phuluc('manifest', '--url', 'baocao.honglinh.gov.vn', '--out', path.join(dir, 'm.xml'));
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'm.xml'), 'utf8')).toContain('https://baocao.honglinh.gov.vn/addin/taskpane.html');
    const plain = await phuluc('manifest', '--url', 'http://baocao.honglinh.gov.vn/addin/');
    expect([plain.code, plain.stderr]).toEqual([2, expect.stringContaining('Office chỉ mở phần bổ trợ qua HTTPS')]);
    const local = await phuluc('manifest', '--url', 'https://localhost:8787/addin/');
    expect([local.code, local.stderr]).toEqual([2, expect.stringContaining('không được là localhost')]);
    const none = await phuluc('manifest');
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('Thiếu --url')]);
  });
});
