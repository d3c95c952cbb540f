import { z } from 'zod';
import { ConfigError, env, loadConfig } from './config';

const schema = z.object({
  PORT: env.port(3000),
  DATABASE_URL: env.postgresUrl(),
  VERBOSE: env.bool(false),
});

describe('loadConfig', () => {
  it('applies defaults and converts types', () => {
    expect(loadConfig(schema, { DATABASE_URL: 'postgres://u@h:5432/d', VERBOSE: '1' })).toEqual({
      PORT: 3000,
      DATABASE_URL: 'postgres://u@h:5432/d',
      VERBOSE: true,
    });
  });

  it('reports every bad variable at once, each with what was expected', () => {
    let caught: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty', VERBOSE: 'yes' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: expected a TCP port number \(got "eighty"\)$/),
        expect.stringMatching(/^DATABASE_URL: required: a PostgreSQL URL .*\(unset\)$/),
        expect.stringMatching(/^VERBOSE: expected true or false \(got "yes"\)$/),
      ]),
    );
  });
});
