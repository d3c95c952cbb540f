import {
  type ArgumentMetadata,
  Injectable,
  NotFoundException,
  type PipeTransform,
} from '@nestjs/common';
import { unsafeTextIn } from '@throughline/contracts';
import { ValidationProblem } from './validation';

/**
 * The last line of defence for text no system can store (NUL and other control characters,
 * unpaired surrogates; `textRefusal` in libs/contracts), on every route of every app, before the
 * route's own pipes run:
 * - a path parameter with one names nothing that can exist: 404;
 * - a query value (single-line) or a body string (free text: tab and line breaks allowed) with
 *   one is a 400 `validation` naming each field.
 * Schemas built from `singleLineText`/`freeText` refuse the same, and line breaks in single-line
 * fields too; this catches what a schema does not check (e.g. a path parameter, a task's data).
 */
@Injectable()
export class StorableTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param') {
      if (unsafeTextIn(value, 'single-line', 1).length > 0) {
        throw new NotFoundException({
          code: 'not-found',
          message: 'Nothing here has a name or number with control characters.',
        });
      }
      return value;
    }
    if (metadata.type === 'query' || metadata.type === 'body') {
      const kind = metadata.type === 'query' ? 'single-line' : 'free-text';
      const prefix = typeof metadata.data === 'string' ? [metadata.data] : [];
      const findings = unsafeTextIn(value, kind);
      if (findings.length > 0) {
        throw new ValidationProblem(
          findings.map(({ path, message }) => {
            const field = [...prefix, ...path];
            return { field: field.length > 0 ? field.join('.') : '(body)', message };
          }),
        );
      }
    }
    return value;
  }
}
