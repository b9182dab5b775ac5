import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from '../../shared/fold.ts';

describe('fold', () => {
  it('keeps the length of NFC text, so offsets carry over', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aàáảãạoòóỏõọuùúủũụyỳýỷỹỵqhtỉỷ HOÁ\n\u00a0\t;,.0123456789') }), (s) => {
        const t = s.normalize('NFC');
        expect(fold(t)).toHaveLength(t.length);
        expect(fold(t, { lines: true })).toHaveLength(t.length);
      }),
    );
  });

  it('one tone placement, “tỷ” for “tỉ”, lower case, one space; line breaks only with `lines`', () => {
    expect(fold('Văn HOÁ, thuỷ lợi, 3 tỉ đồng')).toBe('văn hóa, thủy lợi, 3 tỷ đồng');
    expect(fold('hoàng quý')).toBe('hoàng quý'); // a closed “oa”, a “qu”: unchanged
    expect(fold('a\nb\u00a0c')).toBe('a b c');
    expect(fold('a\nb', { lines: true })).toBe('a\nb');
    expect(fold('tỉnh')).toBe('tỉnh');
  });
});
