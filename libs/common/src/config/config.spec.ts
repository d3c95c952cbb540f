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

  it('never echoes the value of a key, secret or token, nor credentials in a URL', () => {
    const secrets = z.object({
      API_KEYS: z.string().regex(/^\[/),
      SUBJECT_KEY_SECRET: env.base64Secret(32),
      DATABASE_URL: z.string().regex(/^postgres:\/\/[^:]+@/, 'no password in the URL'),
    });
    let caught: unknown;
    try {
      loadConfig(secrets, {
        API_KEYS: 'tl_live_secret',
        SUBJECT_KEY_SECRET: 'short-secret',
        DATABASE_URL: 'postgres://app:hunter2@db/app',
      });
    } catch (error) {
      caught = error;
    }
    const text = (caught as ConfigError).message;
    expect((caught as ConfigError).problems).toHaveLength(3);
    for (const secret of ['tl_live_secret', 'short-secret', 'hunter2']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('postgres://[credentials]@db/app');
  });
});
