// Only the icons the pane shows are registered (addin/icons.ts, addin/build/icons.json): each name
// and code point is the one @fluentui/font-icons-mdl2 defines in that font file, and every icon the
// pane's code names (and the Fluent components it uses name) is among them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import table from '../../addin/build/icons.json';
import { ICON_FONT_FILES } from '../../addin/build/webpack-shared.js';
import { ROOT } from '../helpers/addin-browser.ts';

/** What addin/icons.ts registers (it cannot be imported outside a browser: it configures Fluent's window globals). */
const ICON_NAMES = Object.values(table.fonts).flatMap((f) => Object.keys(f.icons));
const pkg = path.join(ROOT, 'node_modules', '@fluentui', 'font-icons-mdl2');

/** The package's own subsets: font file → { name: code } as its lib/fabric-icons*.js register them. */
function packageSubsets(): Map<string, { family: string; icons: Record<string, string> }> {
  const out = new Map<string, { family: string; icons: Record<string, string> }>();
  for (const f of readdirSync(path.join(pkg, 'lib')).filter((n) => /^fabric-icons(-\d+)?\.js$/.test(n))) {
    const src = readFileSync(path.join(pkg, 'lib', f), 'utf8');
    const file = /"url\('"\.concat\(baseUrl, "([^"]+\.woff)'\) format/.exec(src)?.[1];
    const family = /fontFamily: "\\"([^\\]+)\\""/.exec(src)?.[1];
    if (!file || !family) continue;
    const icons: Record<string, string> = {};
    for (const m of src.matchAll(/'?([A-Za-z0-9]+)'?: '\\u([0-9A-F]{4})'/g)) icons[m[1]] = m[2];
    out.set(file, { family, icons });
  }
  return out;
}

describe('the pane’s icons', () => {
  it('are the package’s own glyphs, from the font files webpack copies', () => {
    const subsets = packageSubsets();
    expect(subsets.size).toBeGreaterThan(10);
    for (const [file, font] of Object.entries(table.fonts)) {
      const real = subsets.get(file);
      expect(real, file).toBeDefined();
      expect(font.family).toBe(real!.family);
      for (const [name, code] of Object.entries(font.icons)) expect(`${name}=${real!.icons[name]}`, file).toBe(`${name}=${code}`);
    }
    expect(ICON_FONT_FILES).toEqual(Object.keys(table.fonts));
    expect(ICON_NAMES.length).toBeLessThan(30);
  });

  it('cover every icon the pane’s code and the Fluent components it uses name', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (/\.tsx?$/.test(e.name)) files.push(path.join(dir, e.name));
      }
    };
    walk(path.join(ROOT, 'addin'));
    const used = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/iconName(?:=|: )["']([A-Za-z0-9]+)["']/g)) used.add(m[1]);
    }
    // Inside Fluent: Dropdown's caret, Panel's close, MessageBar's info/error/success, TextField's reveal.
    for (const name of ['ChevronDown', 'Cancel', 'Info', 'ErrorBadge', 'Completed', 'RedEye', 'Hide']) used.add(name);
    expect(used.size).toBeGreaterThan(8);
    expect([...used].filter((n) => !ICON_NAMES.includes(n))).toEqual([]);
  });
});
