import { looksLikeEmail, subjectKey } from './subject-key.rule';

const secret = Buffer.alloc(32, 7);

describe('subjectKey', () => {
  it('is the same for the same address, whatever its case and surrounding space', () => {
    expect(subjectKey(secret, ' Ada@Example.com ')).toBe(subjectKey(secret, 'ada@example.com'));
  });

  it('holds nothing of the address and differs between addresses and secrets', () => {
    const key = subjectKey(secret, 'ada@example.com');
    expect(key).toMatch(/^s-[0-9a-f]{32}$/);
    expect(key).not.toContain('ada');
    expect(subjectKey(secret, 'bob@example.com')).not.toBe(key);
    expect(subjectKey(Buffer.alloc(32, 8), 'ada@example.com')).not.toBe(key);
  });

  it('refuses a short secret', () => {
    expect(() => subjectKey(Buffer.alloc(16), 'ada@example.com')).toThrow(/32 bytes/);
  });
});

describe('looksLikeEmail', () => {
  it.each([
    ['ada@example.com', true],
    ['ref ada@example.com', true],
    ['web-4711', false],
    ['a@b', false],
  ])('%s → %s', (text, expected) => {
    expect(looksLikeEmail(text)).toBe(expected);
  });
});
