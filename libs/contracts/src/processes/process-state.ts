import { defineQuery } from '@temporalio/workflow';

/** One completed step of a process, as shown in its timeline. */
export interface ProcessStep {
  step: string;
  at: string;
  detail?: string;
}

/** What every process reports about itself through the `processState` query. */
export interface ProcessState<Result = unknown> {
  type: string;
  businessKey: string;
  stage: string;
  customerNo?: string;
  /** Human document numbers the process created, by kind (e.g. { account: ['C-000042'] }). */
  documents: Record<string, string[]>;
  steps: ProcessStep[];
  result?: Result;
}

export const processStateQuery = defineQuery<ProcessState>('processState');
