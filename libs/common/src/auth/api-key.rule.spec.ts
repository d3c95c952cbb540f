import { apiKeyHash, apiKeyPrefix, newApiKey, presentedApiKey } from './api-key.rule';

describe('API keys', () => {
  it('are new random tl_ keys of 35 characters', () => {
    const key = newApiKey();
    expect(key).toMatch(/^tl_[A-Za-z0-9_-]{32}$/);
    expect(newApiKey()).not.toBe(key);
  });

  it('are kept as their SHA-256 and recognised by their first 8 characters', () => {
    expect(apiKeyHash('tl_demo_admin')).toMatch(/^[0-9a-f]{64}$/);
    expect(apiKeyHash('tl_demo_admin')).toBe(apiKeyHash('tl_demo_admin'));
    expect(apiKeyPrefix('tl_demo_admin')).toBe('tl_demo_');
  });

  it.each<[string, Parameters<typeof presentedApiKey>[0], string | undefined]>([
    ['a bearer token', { authorization: 'Bearer tl_a' }, 'tl_a'],
    ['a bearer token in any case', { authorization: 'bearer   tl_a' }, 'tl_a'],
    ['an X-API-Key header', { 'x-api-key': 'tl_b' }, 'tl_b'],
    ['bearer before X-API-Key', { authorization: 'Bearer tl_a', 'x-api-key': 'tl_b' }, 'tl_a'],
    [
      'no key for another scheme',
      { authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'tl_b' },
      undefined,
    ],
    ['no key for a bearer with spaces', { authorization: 'Bearer tl_a tl_b' }, undefined],
    ['no key for repeated X-API-Key headers', { 'x-api-key': ['tl_a', 'tl_b'] }, undefined],
    ['no key for an empty X-API-Key', { 'x-api-key': '' }, undefined],
    ['no key without headers', {}, undefined],
  ])('takes %s', (_, headers, key) => {
    expect(presentedApiKey(headers)).toBe(key);
  });
});
