import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/config';
import { apiKeysEnvShape } from './api-keys.config';

const schema = z.object(apiKeysEnvShape);

/** The problems loadConfig reports for this API_KEYS entry (none: it loads). */
function problemsWith(entry: Record<string, unknown>): string[] {
  try {
    loadConfig(schema, { API_KEYS: JSON.stringify([entry]) });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('API_KEYS', () => {
  const key = 'tl_dealer_key_1';

  it('binds a dealer key to its dealer code', () => {
    const config = loadConfig(schema, {
      API_KEYS: JSON.stringify([
        { key, userId: 'spree.technik', roles: ['dealer'], dealerCode: 'D-BER-01' },
        { key: 'tl_sales_key_1', userId: 'sam.sales', roles: ['sales'] },
      ]),
    });
    expect(config.API_KEYS.map((entry) => entry.dealerCode)).toEqual(['D-BER-01', undefined]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a dealer key without its dealer code',
      { key, userId: 'd', roles: ['dealer'] },
      'API_KEYS.0.dealerCode: a key with the role dealer needs the dealerCode of its dealer, e.g. D-BER-01 (in the value given)',
    ],
    [
      'a dealer code on another role',
      { key, userId: 's', roles: ['sales'], dealerCode: 'D-BER-01' },
      'API_KEYS.0.dealerCode: only a key with the role dealer has a dealerCode (in the value given)',
    ],
    [
      'a dealer key with another role',
      { key, userId: 'd', roles: ['dealer', 'service-agent'], dealerCode: 'D-BER-01' },
      'API_KEYS.0.roles: a key with the role dealer holds no other role (got dealer, service-agent) (in the value given)',
    ],
    [
      'several dealer codes',
      { key, userId: 'd', roles: ['dealer'], dealerCode: ['D-BER-01', 'D-HAM-01'] },
      'API_KEYS.0.dealerCode: a dealer code such as D-BER-01 (one, not a list) (in the value given)',
    ],
    [
      'a dealer code the CRM cannot have',
      { key, userId: 'd', roles: ['dealer'], dealerCode: 'd ber 01' },
      'API_KEYS.0.dealerCode: a dealer code such as D-BER-01 (upper-case letters, digits, -) (in the value given)',
    ],
  ])('refuses %s, naming the entry and the field', (_, entry, problem) => {
    const problems = problemsWith(entry);
    expect(problems).toContain(problem);
    expect(problems.join('\n')).not.toContain(key);
  });

  it('refuses a dealer key of several roles without a code with both problems', () => {
    expect(problemsWith({ key, userId: 'd', roles: ['dealer', 'admin'] })).toHaveLength(2);
  });
});
