import { z } from 'zod';
import { freeText, singleLineText, storableJson, textRefusal, unsafeTextIn } from './safe-text';

describe('text no system can store', () => {
  it.each([
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['ESC', '\u001b'],
    ['DEL', '\u007f'],
    ['NEL (C1)', '\u0085'],
    ['CSI (C1)', '\u009b'],
    ['U+FFFE', '\ufffe'],
    ['U+FFFF', '\uffff'],
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', '\udc00'],
  ])('refuses %s in free text and in a single line', (_, bad) => {
    expect(textRefusal(`a${bad}b`, 'free-text')).toBeDefined();
    expect(textRefusal(`a${bad}b`, 'single-line')).toBeDefined();
  });

  it('allows tab and line breaks in free text only', () => {
    for (const ok of ['\t', '\n', '\r\n']) {
      expect(textRefusal(`a${ok}b`, 'free-text')).toBeUndefined();
      expect(textRefusal(`a${ok}b`, 'single-line')).toMatch(/single line/);
    }
    expect(textRefusal('a\u2028b', 'single-line')).toMatch(/single line/);
  });

  it('allows any other text, astral characters included', () => {
    for (const ok of ['Ærøskøbing', 'Müller & Söhne', '東京', 'emoji 🚀', '\u00a0nbsp']) {
      expect(textRefusal(ok, 'single-line')).toBeUndefined();
    }
  });

  it('names the character and where it is', () => {
    expect(textRefusal('Evil\u0000Corp', 'single-line')).toBe(
      'contains a control character (U+0000) at position 4; text may not contain control characters',
    );
  });

  it('gives schema issues on the field', () => {
    const schema = z.object({ company: singleLineText(20), note: freeText(50) }).strict();
    expect(schema.safeParse({ company: 'A\nB', note: 'a\nb' }).error?.issues).toMatchObject([
      { path: ['company'], params: { code: 'invalid-text' } },
    ]);
    expect(schema.safeParse({ company: ' AB ', note: 'a\nb' }).data).toEqual({
      company: 'AB',
      note: 'a\nb',
    });
  });

  it('finds every unstorable string of a JSON value, keys included', () => {
    expect(unsafeTextIn({ a: ['ok', 'x\u0000'], 'k\u0001': 1, b: { c: 'line\nbreak' } })).toEqual([
      { path: ['a', 1], message: expect.stringContaining('U+0000') },
      { path: ['k\u0001'], message: expect.stringMatching(/^its name contains/) },
    ]);
    expect(storableJson().safeParse({ note: 'fine\n' }).success).toBe(true);
    expect(storableJson().safeParse({ note: ['\u0000'] }).error?.issues[0].path).toEqual([
      'note',
      0,
    ]);
  });
});
