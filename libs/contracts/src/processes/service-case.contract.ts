import { z } from 'zod';
import { freeText, singleLineText } from '../text/safe-text';

/**
 * The service case: from the customer's call to the dealer's repair, its bill or warranty
 * posting, and the closed case, as one process across CRM and ERP (docs/service-case.md).
 */
export const SERVICE_CASE = 'service-case';

export const serviceCaseKinds = ['repair', 'maintenance', 'warranty-claim', 'complaint'] as const;
export const serviceCasePriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const serviceCaseChannels = ['phone', 'email', 'web', 'chat', 'dealer'] as const;

const partSchema = z
  .object({
    sku: singleLineText(40),
    quantity: z.number().int().min(1).max(1000),
  })
  .strict();

export const serviceCaseInputSchema = z
  .object({
    /**
     * The intake's own key (the call id, the ticket number): a second start with it returns
     * the same process. It becomes part of the process id, so no personal data.
     */
    intakeKey: z
      .string()
      .regex(
        /^[A-Za-z0-9._:-]{1,100}$/,
        'letters, digits and . _ : - only (it becomes part of the process id, so no e-mail address)',
      ),
    /** Who calls: the customer number, or the asset's serial/VIN (which names its owner). */
    customerNo: z
      .string()
      .regex(/^C-\d{6,}$/, 'a customer number such as C-000042')
      .optional(),
    serialNo: singleLineText(60).optional(),
    kind: z.enum(serviceCaseKinds),
    symptom: freeText(2000),
    priority: z.enum(serviceCasePriorities).default('normal'),
    channel: z.enum(serviceCaseChannels).default('phone'),
    /** Parts the agent expects (they are reserved with the work order). */
    parts: z.array(partSchema).max(20).default([]),
    /** The agent's estimate of the labour, for the customer's estimate out of warranty. */
    estimatedLabourMinutes: z.number().int().min(0).max(10_000).default(60),
  })
  .strict()
  .refine((input) => input.customerNo !== undefined || input.serialNo !== undefined, {
    message: 'name the customer (customerNo) or the asset (serialNo)',
    path: ['customerNo'],
  });

export type ServiceCaseInput = z.infer<typeof serviceCaseInputSchema>;

/** Waits and deadlines of the service case, from the API's configuration (milliseconds). */
export interface ServiceCasePolicy {
  activityTimeoutMs: number;
  /** A dealer accepts or declines an offered case within this; silence counts as a decline. */
  dealerAnswerMs: number;
  /** The customer answers an estimate (out of warranty) within this, else it is declined. */
  estimateValidityMs: number;
  /** Finance releases billable work for a customer on credit hold within this. */
  creditReleaseMs: number;
  /** A service manager assigns a dealer by hand within this, then it escalates to ops. */
  manualAssignmentMs: number;
  /** The dealer reports the work done within this after accepting, else ops are asked. */
  workTimeoutMs: number;
  /** The customer's satisfaction answer is awaited this long after the work; then it closes. */
  surveyMs: number;
  /** Collection of a service invoice (as lead to cash's): the length of a day, reminders. */
  dayMs: number;
  reminderDays: number[];
  creditHoldDays: number;
}

export interface ServiceCaseWorkflowInput {
  request: ServiceCaseInput;
  policy: ServiceCasePolicy;
  startedBy: string;
  businessKey: string;
}

export const ServiceCaseEvents = {
  /** The customer accepts the estimate for work out of warranty. */
  estimateAccepted: 'estimate-accepted',
  estimateDeclined: 'estimate-declined',
  /** The dealer the case is offered to takes it (optionally with an appointment). */
  dealerAccepted: 'dealer-accepted',
  dealerDeclined: 'dealer-declined',
  /** The assigned dealer sets (or moves) the appointment with the customer. */
  appointmentSet: 'appointment-set',
  /** The assigned dealer reports the work done: labour, parts used, notes. */
  workCompleted: 'work-completed',
  /** The customer's satisfaction, 1 (bad) to 5 (very good). */
  surveyAnswered: 'survey-answered',
} as const;

export const estimateAnswerSchema = z.object({ comment: freeText(500).optional() }).strict();

export const dealerAnswerSchema = z
  .object({
    /** An appointment agreed with the customer, when the dealer has one already. */
    appointmentAt: z.iso.datetime({ offset: true }).optional(),
    reason: freeText(300).optional(),
  })
  .strict();

export const appointmentSchema = z
  .object({ appointmentAt: z.iso.datetime({ offset: true }) })
  .strict();

export const workCompletedSchema = z
  .object({
    labourMinutes: z.number().int().min(0).max(100_000),
    /** The parts used; the reserved parts when unset. */
    partsUsed: z.array(partSchema).max(50).optional(),
    notes: freeText(2000).optional(),
  })
  .strict();

export const surveySchema = z
  .object({
    score: z.number().int().min(1).max(5),
    comment: freeText(1000).optional(),
  })
  .strict();

export type ServiceCaseOutcome =
  'completed' | 'estimate-declined' | 'credit-refused' | 'no-dealer' | 'cancelled';

export interface ServiceCaseResult {
  outcome: ServiceCaseOutcome;
  caseNo: string;
  customerNo: string;
  serialNo?: string;
  inWarranty: boolean;
  dealerCode?: string;
  workOrderNo?: string;
  /** The service invoice (work out of warranty); warranty work bills nothing. */
  invoiceNo?: string;
  /** Estimate for work out of warranty, minor units (labour and parts, before tax). */
  estimateMinor?: number;
  satisfaction?: number;
  slaBreached: boolean;
  /** Dealers that declined or did not answer, in the order they were asked. */
  declinedBy: string[];
}

export const serviceCaseStages = [
  'opening-case',
  'awaiting-estimate-answer',
  'awaiting-credit-release',
  'routing',
  'awaiting-dealer',
  'awaiting-manual-assignment',
  'creating-work-order',
  'in-repair',
  'billing',
  'awaiting-survey',
  'closed',
  'cancelled',
  'needs-attention',
] as const;

export type ServiceCaseStage = (typeof serviceCaseStages)[number];
