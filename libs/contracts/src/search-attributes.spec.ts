import { readFileSync } from 'node:fs';
import path from 'node:path';
import registered from './search-attributes.json';
import { SearchAttributes } from './search-attributes';

const serverTypeName: Record<string, string> = { KEYWORD: 'Keyword', KEYWORD_LIST: 'KeywordList' };

describe('search attributes', () => {
  it('registers on the server exactly the keys the workflows use, with the same types', () => {
    const used = Object.fromEntries(
      Object.values(SearchAttributes).map((key) => [key.name, serverTypeName[key.type]]),
    );
    expect(used).toEqual(registered);
  });

  it('are all registered by docker-compose.yml on the production-shaped Temporal server', () => {
    const compose = readFileSync(path.resolve(__dirname, '../../../docker-compose.yml'), 'utf8');
    for (const [name, type] of Object.entries(registered)) {
      expect(compose).toContain(`${name}=${type}`);
    }
  });
});
