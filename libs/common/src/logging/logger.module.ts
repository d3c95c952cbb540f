import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { redactError, redactPersonalData, redactUrl } from './redact.rule';

/** Request-scoped data that the access log line should carry (set by controllers). */
export interface LoggedRequest extends IncomingMessage {
  workflowId?: string;
  /** The authenticated user, where the app authenticates. */
  userId?: string;
}

/**
 * nestjs-pino wired to the process logger: one line per request, with the workflow id when the
 * request concerned a process. Health probes are not logged; URLs and errors are redacted
 * (redact.rule.ts).
 */
export function loggerModule(logger: Logger): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger,
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      customProps: (req: LoggedRequest) => ({
        // Ids of processes started before 2026-11 (or asked for by a caller) may hold an e-mail.
        ...(req.workflowId ? { workflowId: redactPersonalData(req.workflowId) } : {}),
        ...(req.userId ? { userId: req.userId } : {}),
      }),
      serializers: {
        // Query values and e-mails in paths never reach the log (keys, personal data).
        req: (req: { method: string; url: string }) => ({
          method: req.method,
          url: redactUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: redactError,
      },
    },
  });
}
