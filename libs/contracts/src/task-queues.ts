/** One task queue per system; each scales by adding processes of the app that polls it. */
export const TaskQueues = {
  /** Workflows (apps/orchestrator). */
  processes: 'processes',
  /** CRM activities (apps/crm). */
  crm: 'crm',
  /** ERP activities (apps/erp). */
  erp: 'erp',
} as const;

export type TaskQueue = (typeof TaskQueues)[keyof typeof TaskQueues];
