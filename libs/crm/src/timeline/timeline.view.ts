import type { TimelineEntry } from './timeline-entry.entity';

export interface TimelineEntryView {
  position: number;
  sourceKey: string;
  kind: string;
  summary: string;
  occurredAt: string;
  recordedAt: string;
  processId?: string;
  details: Record<string, unknown>;
}

export function toTimelineEntryView(entry: TimelineEntry): TimelineEntryView {
  return {
    position: entry.position,
    sourceKey: entry.sourceKey,
    kind: entry.kind,
    summary: entry.summary,
    occurredAt: entry.occurredAt.toISOString(),
    recordedAt: entry.recordedAt.toISOString(),
    ...(entry.processId ? { processId: entry.processId } : {}),
    details: entry.details,
  };
}
