import ExcelJS from 'exceljs';
import { Document, DeletedTextRun, FootnoteReferenceRun, InsertedTextRun, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DocxReadError, readDocx } from '../../worker/report/read-docx.ts';
import { readDraft, readText } from '../../worker/report/read-text.ts';
import { seedText } from '../helpers/report.ts';

async function docx(doc: Document): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(doc));
}

function refused(bytes: Uint8Array): string {
  try {
    readDocx(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(DocxReadError);
    return (e as Error).message;
  }
  throw new Error('expected the file to be refused');
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const minimal = (documentXml: string, extra: Record<string, string> = {}) =>
  zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(documentXml),
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strToU8(v)])),
  });

describe('readDocx', () => {
  it('paragraphs, tables and footnotes numbered from the section’s start, in reference order', async () => {
    const bytes = await docx(
      new Document({
        footnotes: { 7: { children: [new Paragraph('Chú thích của bảng.')] }, 3: { children: [new Paragraph('Chú thích của đoạn.')] } },
        sections: [
          {
            properties: { footnoteProperties: { start: 74 } },
            children: [
              new Paragraph({ children: [new TextRun('Sản lượng lúa đạt 15.298 tấn'), new FootnoteReferenceRun(3), new TextRun(', tăng 1,4%.')] }),
              new Paragraph(''),
              new Table({
                rows: [
                  new TableRow({
                    children: [
                      new TableCell({ children: [new Paragraph({ children: [new TextRun('6'), new FootnoteReferenceRun(7)] })] }),
                      new TableCell({ children: [new Paragraph('a'), new Paragraph('b')] }),
                    ],
                  }),
                ],
              }),
              new Paragraph('Sau bảng.'),
            ],
          },
        ],
      }),
    );
    const d = readDocx(bytes);
    expect(d.footnoteStart).toBe(74);
    expect(d.paragraphs.map((p) => [p.index, p.text])).toEqual([
      [1, 'Sản lượng lúa đạt 15.298 tấn, tăng 1,4%.'],
      [2, 'Sau bảng.'],
    ]);
    expect(d.paragraphs[0].notes).toEqual([{ id: 3, offset: 'Sản lượng lúa đạt 15.298 tấn'.length }]);
    expect(d.tables).toHaveLength(1);
    expect(d.tables[0].afterParagraph).toBe(1);
    expect(d.tables[0].rows[0].cells.map((c) => c.text)).toEqual(['6', 'a\nb']);
    expect(d.footnotes.map((f) => [f.id, f.number, f.mark, f.text, f.ref?.kind])).toEqual([
      [3, 74, '74', 'Chú thích của đoạn.', 'paragraph'],
      [7, 75, '75', 'Chú thích của bảng.', 'table'],
    ]);
  });

  it('leaves out deleted text and field codes, keeps inserted text', async () => {
    const bytes = await docx(
      new Document({
        sections: [
          {
            children: [
              new Paragraph({
                children: [
                  new TextRun('Đạt '),
                  new DeletedTextRun({ text: '924', id: 1, author: 'A', date: '2023-11-20T00:00:00Z' }),
                  new InsertedTextRun({ text: '942', id: 2, author: 'A', date: '2023-11-20T00:00:00Z' }),
                  new TextRun(' lao động.'),
                ],
              }),
              new Paragraph({ children: [new TextRun({ children: ['Trang ', PageNumber.CURRENT] })] }),
            ],
          },
        ],
      }),
    );
    const texts = readDocx(bytes).paragraphs.map((p) => p.text);
    expect(texts[0]).toBe('Đạt 942 lao động.');
    expect(texts[1]).not.toContain('PAGE');
  });

  it('a custom footnote mark is kept as printed and not counted', () => {
    const bytes = minimal(
      `<w:document ${W}><w:body><w:p><w:r><w:t>Một</w:t></w:r><w:r><w:footnoteReference w:customMarkFollows="1" w:id="2"/><w:t>*</w:t></w:r><w:r><w:t> hai</w:t></w:r><w:r><w:footnoteReference w:id="3"/></w:r></w:p></w:body></w:document>`,
      {
        'word/_rels/document.xml.rels':
          '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="f" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
        'word/footnotes.xml': `<w:footnotes ${W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>sao</w:t></w:r></w:p></w:footnote><w:footnote w:id="3"><w:p><w:r><w:t>số</w:t></w:r></w:p></w:footnote></w:footnotes>`,
      },
    );
    const d = readDocx(bytes);
    expect(d.paragraphs[0].text).toBe('Một hai');
    expect(d.footnotes.map((f) => [f.mark, f.number, f.text])).toEqual([
      ['*', null, 'sao'],
      ['1', 1, 'số'],
    ]);
  });

  it('says what a file is when it is not a .docx', async () => {
    expect(refused(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toMatch(/tài liệu Word cũ \(\.doc\) hoặc tài liệu đã đặt mật khẩu/);
    expect(refused(strToU8('%PDF-1.7 …'))).toMatch(/^Tệp là PDF/);
    expect(refused(strToU8('Báo cáo'))).toMatch(/^Tệp không phải tài liệu Word/);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Phụ lục 1').getCell('A1').value = 1;
    expect(refused(new Uint8Array(await wb.xlsx.writeBuffer()))).toMatch(/^Tệp là bảng tính Excel, không phải tài liệu Word/);
    expect(refused(strToU8('PK\u0003\u0004 cut'))).toMatch(/Không giải nén được tệp Word|không có nội dung/);
  });

  it('refuses XML it cannot read, entities included', () => {
    expect(refused(minimal(`<w:document ${W}><w:body><w:p>`))).toMatch(/phần “word\/document.xml” không đọc được/);
    expect(
      refused(
        minimal(`<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document ${W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>`),
      ),
    ).toMatch(/không đọc được/);
  });

  it('stops inflating a part past its cap, whatever the zip declares', () => {
    // 60 MB of spaces inside a paragraph compress to a few kilobytes.
    const huge = `<w:document ${W}><w:body><w:p><w:r><w:t>${' '.repeat(60 * 1024 * 1024)}</w:t></w:r></w:p></w:body></w:document>`;
    const bytes = minimal(huge);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    expect(refused(bytes)).toMatch(/quá lớn khi giải nén/);
  });
});

describe('readText and readDraft: a draft as plain text', () => {
  it('one paragraph a line, footnotes from superscript lines, tied to their marks in numbering order; a line cut by a page joined again', () => {
    const d = readText(
      [
        '**I. KẾT QUẢ**',
        '',
        'Giải quyết việc làm mới cho 942⁴² lao động, thu ngân sách tăng cao so với',
        '',
        '⁴² Tổ chức 02 phiên sàn giao dịch việc làm.',
        '⁴³Thu ngân sách đạt 301,011 tỷ đồng.',
        '',
        'kế hoạch⁴³; năm 2022 có 12⁴² trường.',
        '6\tTổng sản lượng lương thực (thóc)\tTấn\t12.554\t15.249,1\tVượt KH',
      ].join('\r\n'),
    );
    expect(d.paragraphs.map((p) => p.text)).toEqual([
      'I. KẾT QUẢ',
      'Giải quyết việc làm mới cho 942⁴² lao động, thu ngân sách tăng cao so với kế hoạch⁴³; năm 2022 có 12⁴² trường.',
      '6\tTổng sản lượng lương thực (thóc)\tTấn\t12.554\t15.249,1\tVượt KH',
    ]);
    expect(d.footnoteStart).toBe(42);
    expect(d.footnotes.map((f) => [f.number, f.mark, f.text, f.ref?.index])).toEqual([
      [42, '42', 'Tổ chức 02 phiên sàn giao dịch việc làm.', 2],
      [43, '43', 'Thu ngân sách đạt 301,011 tỷ đồng.', 2],
    ]);
    const text = d.paragraphs[1].text;
    expect(d.paragraphs[1].notes).toEqual([
      { id: 42, offset: text.indexOf('⁴²') },
      { id: 43, offset: text.indexOf('⁴³') },
    ]);
  });

  it('the real report as text: 76 footnotes, each tied to its mark', () => {
    const d = readText(seedText());
    expect(d.footnotes.map((f) => f.number)).toEqual(Array.from({ length: 76 }, (_, i) => i + 1));
    expect(d.footnotes.every((f) => f.ref !== undefined)).toBe(true);
    // Footnote 48 is printed without a space after its mark.
    expect(d.footnotes[47].text).toMatch(/^Thực hiện quy trình tiếp nhận/);
    // The appendix's rows stay tab-separated paragraphs, its footnotes 74–76 tied to rows 1, 16 and 20.
    const row = (n: number) => d.paragraphs.find((p) => p.text.startsWith(`${n}\t`))!.index;
    expect([74, 75, 76].map((n) => d.footnotes[n - 1].ref?.index)).toEqual([row(1), row(16), row(20)]);
  });

  it('readDraft: a .docx, UTF-8 or UTF-16 text, or says in Vietnamese what the file is', async () => {
    const word = await docx(new Document({ sections: [{ children: [new Paragraph('Sản lượng lúa đạt 15.298 tấn.')] }] }));
    expect(readDraft(word).paragraphs[0].text).toBe('Sản lượng lúa đạt 15.298 tấn.');
    expect(readDraft(strToU8('\uFEFFSản lượng lúa đạt 15.298 tấn.')).paragraphs[0].text).toBe('Sản lượng lúa đạt 15.298 tấn.');
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'Lúa 15.298 tấn'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    expect(readDraft(utf16).paragraphs[0].text).toBe('Lúa 15.298 tấn');
    const refusedDraft = (b: Uint8Array) => {
      try {
        readDraft(b);
      } catch (e) {
        expect(e).toBeInstanceOf(DocxReadError);
        return (e as Error).message;
      }
      throw new Error('expected the file to be refused');
    };
    expect(refusedDraft(strToU8('%PDF-1.7 …'))).toMatch(/^Tệp là PDF/);
    expect(refusedDraft(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toMatch(/Word cũ/);
    expect(refusedDraft(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff]))).toMatch(/^Tệp không phải tài liệu Word \(\.docx\) hay văn bản thuần/);
    expect(refusedDraft(strToU8('  \n'))).toMatch(/^Tệp dự thảo rỗng/);
  });
});
