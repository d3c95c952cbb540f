import { isTransientError } from './transient-error.rule';

describe('isTransientError', () => {
  const withCode = (code: string, message = 'failed'): Error =>
    Object.assign(new Error(message), { code });

  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset socket', withCode('ECONNRESET')],
    ['PostgreSQL restarting (57P01)', withCode('57P01', 'terminating connection')],
    ['a serialization failure (40001)', withCode('40001')],
    ['a deadlock (40P01)', withCode('40P01')],
    ['too many connections (53300)', withCode('53300')],
    ['a lost connection (08006)', withCode('08006')],
    ['a lock timeout (55P03)', withCode('55P03')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    [
      'MikroORM connection exception',
      Object.assign(new Error('x'), { name: 'ConnectionException' }),
    ],
    [
      'an outage wrapped as the cause',
      new Error('query failed', { cause: withCode('ECONNREFUSED') }),
    ],
  ])('%s is transient', (_, error) => {
    expect(isTransientError(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['invalid text for PostgreSQL (22021)', withCode('22021', 'invalid byte sequence')],
    ['a unique violation nobody handled (23505)', withCode('23505')],
    ['a value too long (22001)', withCode('22001')],
    ['a plain string', 'boom'],
    ['nothing', undefined],
  ])('%s is not', (_, error) => {
    expect(isTransientError(error)).toBe(false);
  });

  it('stops on a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isTransientError(a)).toBe(false);
  });
});
