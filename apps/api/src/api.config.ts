import { z } from 'zod';
import { apiKeysEnv, appEnvShape, env, SUBJECT_SECRET_MIN_BYTES } from '@throughline/common';
import { databaseEnvSchema } from '@throughline/database';
import { temporalEnvSchema } from '@throughline/temporal';
import type { ProcessPolicy } from '@throughline/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;

export const apiConfigSchema = z.object({
  ...appEnvShape,
  ...temporalEnvSchema.shape,
  ...databaseEnvSchema.shape,
  API_PORT: env.port(3000),
  /** API keys from configuration: a JSON array of {key, userId, roles}. */
  API_KEYS: apiKeysEnv,
  /**
   * The secret of the keyed hash that stands for a person (an e-mail) in workflow ids and search
   * attributes. Never rotated: processes are found by it. `npm start` generates one under .data/.
   */
  SUBJECT_KEY_SECRET: env.base64Secret(SUBJECT_SECRET_MIN_BYTES),
  CRM_URL: env.httpUrl('http://localhost:3001'),
  ERP_URL: env.httpUrl('http://localhost:3002'),
  /**
   * How long the API waits for each CRM or ERP read of the customer 360; a system that has not
   * answered by then is named missing (`timeout`) and the view shows what the other gave.
   */
  CUSTOMER_360_TIMEOUT_MS: env.positiveInt(2000),
  /**
   * The API's own key for the CRM and ERP REST APIs (a system account with the role `service`),
   * sent as a bearer token. Unset (or empty), the ERP refuses the API's item checks (401).
   */
  SERVICE_API_KEY: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(8, 'API keys have at least 8 characters').optional(),
  ),
  /** Where ops open the Temporal Web UI; used for links in process responses. */
  TEMPORAL_UI_URL: env.httpUrl('http://localhost:8233'),
  /** Start-to-close timeout of one CRM/ERP activity attempt in the processes started here. */
  PROCESS_ACTIVITY_TIMEOUT_MS: env.positiveInt(30_000),

  // Lead to cash: thresholds, SLAs and waits (docs/lead-to-cash.md). Durations in milliseconds.
  /** A lead the rules send to review is due for sales after this, then escalates. */
  LTC_QUALIFY_SLA_MS: env.positiveInt(DAY_MS),
  /** A line discount above this percentage needs a sales manager. */
  LTC_APPROVAL_MAX_DISCOUNT_PERCENT: z.coerce.number().min(0).max(100).default(15),
  /** A quote total (gross, minor units) above this needs a sales manager. */
  LTC_APPROVAL_MAX_TOTAL_MINOR: env.positiveInt(5_000_000),
  /** The approval is due after this; then the sales director may decide too. */
  LTC_APPROVAL_SLA_MS: env.positiveInt(4 * 60 * 60 * 1000),
  /** How long a quote is valid; the customer's answer is awaited until then. */
  LTC_QUOTE_VALIDITY_MS: env.positiveInt(30 * DAY_MS),
  /** Finance releases an order over the credit limit within this, or it is cancelled. */
  LTC_CREDIT_RELEASE_MS: env.positiveInt(2 * DAY_MS),
  /** Without a carrier event, a shipment counts as delivered after this. */
  LTC_DELIVERY_TIMEOUT_MS: env.positiveInt(7 * DAY_MS),
  /** The length of a day for payment terms and dunning; shortened in tests and demos. */
  LTC_DAY_MS: env.positiveInt(DAY_MS),
  /** Payment reminders, in days after the due date (comma-separated). */
  LTC_REMINDER_DAYS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'expected days as a comma-separated list such as 7,14')
    .default('7,14')
    .transform((days) => days.split(',').map(Number)),
  /** Days after the due date when the customer goes on credit hold. */
  LTC_CREDIT_HOLD_DAYS: env.positiveInt(30),
  /** Whether orders ship what is in stock before a backorder arrives (unless the request says). */
  LTC_PARTIAL_SHIPMENTS: env.bool(true),
  /** Delivered serialized items are due for maintenance after this many months. */
  LTC_MAINTENANCE_INTERVAL_MONTHS: env.positiveInt(12),
  /**
   * After a cancellation's undo, how long a process waits for the Temporal cancellation the API
   * sends after its cancel Update; without it, it completes with the outcome `cancelled`.
   */
  LTC_CANCEL_CONFIRMATION_MS: env.positiveInt(60_000),

  // Service case: waits and deadlines (docs/service-case.md). Durations in milliseconds.
  /** A dealer answers an offered case within this; silence counts as a decline. */
  SVC_DEALER_ANSWER_MS: env.positiveInt(4 * 60 * 60 * 1000),
  /** The customer answers an estimate for work out of warranty within this. */
  SVC_ESTIMATE_VALIDITY_MS: env.positiveInt(7 * DAY_MS),
  /** Finance releases billable work for a customer on credit hold within this. */
  SVC_CREDIT_RELEASE_MS: env.positiveInt(2 * DAY_MS),
  /** A service manager assigns a dealer by hand within this (no candidate accepted). */
  SVC_MANUAL_ASSIGNMENT_MS: env.positiveInt(4 * 60 * 60 * 1000),
  /** The dealer reports the work within this after accepting, else ops are asked. */
  SVC_WORK_TIMEOUT_MS: env.positiveInt(14 * DAY_MS),
  /** The satisfaction survey is awaited this long after the work. */
  SVC_SURVEY_MS: env.positiveInt(3 * DAY_MS),
});

/** The policy every process started by this API runs with. */
export function processPolicyOf(config: ApiConfig): ProcessPolicy {
  return {
    activityTimeoutMs: config.PROCESS_ACTIVITY_TIMEOUT_MS,
    leadToCash: {
      qualifySlaMs: config.LTC_QUALIFY_SLA_MS,
      approvalMaxDiscountPercent: config.LTC_APPROVAL_MAX_DISCOUNT_PERCENT,
      approvalMaxTotalMinor: config.LTC_APPROVAL_MAX_TOTAL_MINOR,
      approvalSlaMs: config.LTC_APPROVAL_SLA_MS,
      quoteValidityMs: config.LTC_QUOTE_VALIDITY_MS,
      creditReleaseMs: config.LTC_CREDIT_RELEASE_MS,
      deliveryTimeoutMs: config.LTC_DELIVERY_TIMEOUT_MS,
      dayMs: config.LTC_DAY_MS,
      reminderDays: config.LTC_REMINDER_DAYS,
      creditHoldDays: config.LTC_CREDIT_HOLD_DAYS,
      partialShipments: config.LTC_PARTIAL_SHIPMENTS,
      maintenanceIntervalMonths: config.LTC_MAINTENANCE_INTERVAL_MONTHS,
      cancelConfirmationMs: config.LTC_CANCEL_CONFIRMATION_MS,
    },
    serviceCase: {
      dealerAnswerMs: config.SVC_DEALER_ANSWER_MS,
      estimateValidityMs: config.SVC_ESTIMATE_VALIDITY_MS,
      creditReleaseMs: config.SVC_CREDIT_RELEASE_MS,
      manualAssignmentMs: config.SVC_MANUAL_ASSIGNMENT_MS,
      workTimeoutMs: config.SVC_WORK_TIMEOUT_MS,
      surveyMs: config.SVC_SURVEY_MS,
      // A service invoice is collected like any other (LTC_DAY_MS, reminders, credit hold).
      dayMs: config.LTC_DAY_MS,
      reminderDays: config.LTC_REMINDER_DAYS,
      creditHoldDays: config.LTC_CREDIT_HOLD_DAYS,
    },
  };
}

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const API_CONFIG = Symbol('API_CONFIG');
export const PROCESS_CATALOG = Symbol('PROCESS_CATALOG');
