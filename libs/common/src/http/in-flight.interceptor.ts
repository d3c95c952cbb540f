import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';

/**
 * Counts handlers still running, including those whose client has gone away, so that shutdown
 * can wait for them before it closes the connections they use (a Temporal call retrying on a
 * closed channel would otherwise crash the process).
 */
export class InFlightInterceptor implements NestInterceptor {
  private running = 0;

  intercept(_: ExecutionContext, next: CallHandler): Observable<unknown> {
    this.running += 1;
    return next.handle().pipe(finalize(() => (this.running -= 1)));
  }

  /** Resolves when no handler runs any more, or after timeoutMs. */
  async drained(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.running > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const trackers = new WeakMap<object, InFlightInterceptor>();

/** The in-flight tracker of an app made by createHttpApp. */
export function inFlightOf(app: object): InFlightInterceptor | undefined {
  return trackers.get(app);
}

export function trackInFlight(app: object, tracker: InFlightInterceptor): void {
  trackers.set(app, tracker);
}
