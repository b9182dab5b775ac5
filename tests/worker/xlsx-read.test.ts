/**
 * worker/xlsx-read.ts reads with a small fast XML parser and leaves every unusual or malformed
 * document to saxes: on what the fast parser accepts it must report exactly saxes' events, and
 * it must never accept what saxes rejects. analyze() hands the parts screening inflated to the
 * reader: the result must be the same as reading the bytes again.
 */
import { collectionOf } from '../../shared/collection.ts';
import { describe, expect, it } from 'vitest';
import { findUnit } from '../../shared/catalog.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { screenWorkbook } from '../../worker/ingest/screen/index.ts';
import { parseSubmission } from '../../worker/ingest/read/submission.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { isReadPart, readXlsx, readXlsxParts } from '../../worker/ingest/read/xlsx.ts';
import { xmlEvents } from '../helpers/xml-events.ts';
import { realFigures, tempDir, testConfig } from '../helpers/worker.ts';

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const SAME_AS_SAXES = [
  `${DECL}<worksheet xmlns="x" xmlns:r="y"><sheetData><row r="1"><c r="A1" s="2" t="s"><v>0</v></c><c r="B1"><f>IF(A1&gt;1,&quot;a&quot;,&apos;b&apos;)</f><v>1</v></c></row></sheetData></worksheet>`,
  '<a>text &amp; &lt;more&gt; &#65;&#x42;&#x1F600; done</a>',
  "<a b='1' c = \"2\" d='&quot;q&quot;'/>",
  '<x:a xmlns:x="u"><x:b x:c="1">t</x:b></x:a>',
  '  \n<a>\n  <b/>\n</a>\n  ',
  '<a>></a>',
  '<a b="x>y"/>',
  '<a><b></b ></a>',
  '<a>é ệ 中 😀</a>',
  "<?xml version='1.0'?><a/>",
];

const LEFT_TO_SAXES = [
  '<a><!-- c --></a>',
  '<a><![CDATA[x<y]]></a>',
  '<!DOCTYPE a><a/>',
  '<a><?pi x?></a>',
  '<a>x\r\ny</a>',
  '<a b="x\ty"/>',
  '<a b="x\ny"/>',
  '<?xml version="1.1"?><a/>',
  '<ä/>',
];

const MALFORMED = [
  '',
  'text',
  '<a>',
  '<a></b>',
  '<a/><b/>',
  '<a/>x',
  'x<a/>',
  '<a b="1" b="2"/>',
  '<a b="1"c="2"/>',
  '<a b=1/>',
  '<a b="x<y"/>',
  '<a>&nbsp;</a>',
  '<a>&amp</a>',
  '<a>R&D</a>',
  '<a>&#0;</a>',
  '<a>&#xFFFE;</a>',
  '<a>\u0001</a>',
  '<a>]]></a>',
  '< a/>',
  '<1a/>',
  '<a></a >x',
  ' <?xml version="1.0"?><a/>',
  '<?xml version="1.0" encoding="1"?><a/>',
  '<a><b></a></b>',
];

describe('xlsx-read fast XML parser', () => {
  it('reports exactly what saxes reports on plain documents', () => {
    for (const xml of SAME_AS_SAXES) {
      const fast = xmlEvents(xml, 'fast');
      expect(fast, xml).not.toBe('unusual');
      expect(fast, xml).toEqual(xmlEvents(xml, 'saxes'));
    }
  });

  it('leaves unusual documents to saxes', () => {
    for (const xml of LEFT_TO_SAXES) expect(xmlEvents(xml, 'fast'), xml).toBe('unusual');
  });

  it('never accepts what saxes rejects', () => {
    for (const xml of MALFORMED) {
      expect(xmlEvents(xml, 'saxes'), xml).toMatch(/^error: /);
      expect(xmlEvents(xml, 'fast'), xml).toBe('unusual');
    }
  });
});

describe('reading the parts screening kept', () => {
  it('gives the same workbook and the same verdict as reading the bytes', async () => {
    const { cfg } = testConfig(tempDir('xlsx-read'));
    const unit = findUnit(cfg.catalog, 'LDTBXH')!;
    const tpl = await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword);
    const bytes = await fillTemplate(tpl, realFigures(cfg.catalog, unit, false));
    const screened = screenWorkbook(bytes, undefined, { keepParts: isReadPart });
    expect(screened.ok).toBe(true);
    const parts = screened.ok ? screened.parts : undefined;
    expect(parts).toBeDefined();
    expect([...parts!.keys()].sort()).toEqual([...parts!.keys()].filter(isReadPart).sort());
    const plain = (wb: ReturnType<typeof readXlsx>) => wb.sheets.map((s) => ({ ...s, cells: [...s.cells] }));
    expect(plain(readXlsxParts(parts!))).toEqual(plain(readXlsx(bytes)));
    expect(parseSubmission(bytes, collectionOf(cfg.catalog, cfg.period), parts)).toEqual(parseSubmission(bytes, collectionOf(cfg.catalog, cfg.period)));
    // Without the option nothing is kept.
    expect(screenWorkbook(bytes)).not.toHaveProperty('parts');
  });
});
