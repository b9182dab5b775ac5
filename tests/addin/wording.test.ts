// Every Vietnamese string in the pane's code (literals, template parts, JSX text) against the
// glossary's "avoid" list and the internal words, including states no browser test reaches.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AVOID_IN_PANE, ROOT } from '../helpers/addin-browser.ts';

const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(tsx?|html)$/.test(e.name) ? [p] : [];
  });
}

/** The user-facing texts of one file: string literals and JSX text with Vietnamese in them. */
function texts(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  if (file.endsWith('.html'))
    return [
      code
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
        .replace(/<[^>]+>/g, ' '),
    ];
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (
      ts.isStringLiteral(n) ||
      ts.isNoSubstitutionTemplateLiteral(n) ||
      ts.isTemplateHead(n) ||
      ts.isTemplateMiddle(n) ||
      ts.isTemplateTail(n) ||
      ts.isJsxText(n)
    ) {
      const t = n.text;
      if (VIETNAMESE.test(t)) out.push(t);
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return out;
}

describe('the pane’s words', () => {
  const files = [...sources(path.join(ROOT, 'addin')), path.join(ROOT, 'manifest.xml')].filter((f) => !f.includes(`${path.sep}build${path.sep}`));
  const all = files.flatMap((f) => texts(f).map((t) => ({ file: path.relative(ROOT, f), t })));

  it('finds the texts to check', () => {
    expect(all.length).toBeGreaterThan(150);
    expect(all.some(({ t }) => t.includes('Nộp báo cáo'))).toBe(true);
  });

  it.each(AVOID_IN_PANE.map(([re, what]) => [what, re] as const))('never say %s', (_what, re) => {
    expect(all.filter(({ t }) => re.test(t)).map(({ file, t }) => `${file}: ${t}`)).toEqual([]);
  });
});
