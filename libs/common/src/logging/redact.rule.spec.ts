import { redactError, redactPersonalData, redactUrl } from './redact.rule';

describe('log redaction', () => {
  it('keeps query parameter names, never their values', () => {
    expect(redactUrl('/processes?api_key=tl_secret&customerNo=C-000001')).toBe(
      '/processes?api_key=[redacted]&customerNo=[redacted]',
    );
    expect(redactUrl('/processes?flag')).toBe('/processes?flag=[redacted]');
    expect(redactUrl('/processes/lead-to-cash%3AL-1')).toBe('/processes/lead-to-cash%3AL-1');
  });

  it('masks e-mail addresses in paths, encoded or not', () => {
    expect(redactUrl('/processes/customer-onboarding%3Aada%40example.com')).toBe(
      '/processes/customer-onboarding:[email]',
    );
    expect(redactUrl('/customers?email=ada@example.com')).toBe('/customers?email=[redacted]');
    expect(redactUrl('/x/ada@example.com/y')).toBe('/x/[email]/y');
    expect(redactUrl('/bad%E0%A4%A')).toBe('/bad%E0%A4%A');
  });

  it('masks e-mails and phone numbers in text', () => {
    expect(redactPersonalData('Key (email)=(ada@example.com) exists; call +49 30 1234567')).toBe(
      'Key (email)=([email]) exists; call [phone]',
    );
    expect(redactPersonalData('order SO-000123 of 2026-11-29')).toBe(
      'order SO-000123 of 2026-11-29',
    );
  });

  it('drops the SQL statement and its values from a driver error, keeping the reason', () => {
    const error = Object.assign(
      new Error(
        `insert into "crm"."account" ("name", "email") values ('Ada', 'ada@example.com') - duplicate key value violates unique constraint "account_email_unique"`,
      ),
      {
        name: 'UniqueConstraintViolationException',
        code: '23505',
        constraint: 'account_email_unique',
        table: 'account',
      },
    );
    const logged = redactError(error);
    expect(logged).toMatchObject({
      type: 'UniqueConstraintViolationException',
      code: '23505',
      constraint: 'account_email_unique',
      table: 'account',
      message:
        '(SQL statement failed) duplicate key value violates unique constraint "account_email_unique"',
    });
    expect(JSON.stringify(logged)).not.toContain('ada@example.com');
    expect(JSON.stringify(logged)).not.toContain("'Ada'");
  });

  it('follows the cause and keeps only stack frames', () => {
    const error = new Error('outer ada@example.com', { cause: new Error('inner') });
    const logged = redactError(error);
    expect(logged.message).toBe('outer [email]');
    expect(logged.cause).toMatchObject({ type: 'Error', message: 'inner' });
    expect(String(logged.stack)).not.toContain('ada@example.com');
    expect(redactError('plain ada@example.com')).toEqual({ message: 'plain [email]' });
  });
});
