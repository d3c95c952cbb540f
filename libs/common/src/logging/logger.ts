import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactError } from './redact.rule';

export type LogFormat = 'json' | 'pretty';

/**
 * The process-wide logger. JSON lines in production; `LOG_FORMAT=pretty` (set by `npm start`)
 * renders them for people. Every line carries the app name.
 */
export function createLogger(
  app: string,
  level: string,
  format: LogFormat = 'json',
  /** Where JSON lines go instead of stdout (tests capture a run's log this way). */
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { app },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
    // An error logged as `err` keeps its type, code and reason, never SQL values or e-mails.
    serializers: { err: redactError },
  };
  if (format === 'pretty') {
    return pino(
      options,
      pino.transport({
        target: 'pino-pretty',
        options: { singleLine: true, ignore: 'pid,hostname,app', translateTime: 'HH:MM:ss.l' },
      }),
    );
  }
  return destination ? pino(options, destination) : pino(options);
}
