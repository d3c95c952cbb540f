import { upsertSearchAttributes } from '@temporalio/workflow';
import { type ChildContext, SearchAttributes } from '@throughline/contracts';

/**
 * What a child of lead to cash shows ops: its customer and order (so `OrderNo="SO-…"` finds
 * the process and all its children), and a ProcessStage it moves with the returned function.
 */
export function childAttributes(context: ChildContext): (stage: string) => void {
  upsertSearchAttributes([
    { key: SearchAttributes.customerNo, value: context.customerNo },
    { key: SearchAttributes.orderNo, value: context.orderNo },
  ]);
  return (stage) => upsertSearchAttributes([{ key: SearchAttributes.processStage, value: stage }]);
}

/** YYYY-MM-DD of an ISO timestamp. */
export function dayOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** Whole days from one YYYY-MM-DD to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
