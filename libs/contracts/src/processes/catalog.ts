import type { z } from 'zod';
import type { Role } from '../security/roles';
import {
  CUSTOMER_ONBOARDING,
  customerOnboardingInputSchema,
  type CustomerOnboardingInput,
} from './customer-onboarding.contract';
import {
  carrierDeliveredSchema,
  goodsReceivedSchema,
  LEAD_TO_CASH,
  LeadToCashEvents,
  leadToCashInputSchema,
  type LeadToCashInput,
  type LeadToCashWorkflowInput,
  paymentReceivedSchema,
  quoteAnswerSchema,
} from './lead-to-cash.contract';
import type { ProcessStartContext } from './process-policy';
import {
  appointmentSchema,
  dealerAnswerSchema,
  estimateAnswerSchema,
  SERVICE_CASE,
  ServiceCaseEvents,
  serviceCaseInputSchema,
  type ServiceCaseInput,
  type ServiceCaseWorkflowInput,
  surveySchema,
  workCompletedSchema,
} from './service-case.contract';
import {
  CUSTOMER_ERASURE,
  customerErasureInputSchema,
  type CustomerErasureInput,
  type CustomerErasureWorkflowInput,
} from './customer-erasure.contract';

/** An external event a process type takes (quote accepted, carrier delivered, payment received). */
export interface ProcessEventDefinition {
  description: string;
  payload: z.ZodType<Record<string, unknown>>;
  /** Who may post it. */
  roles: Role[];
}

/**
 * A process type that business users can start. The workflow id is derived from the business
 * key, so starting the same business thing twice finds the process that already exists.
 * The business key is a reference (a lead's id in its source system) or, without one, the keyed
 * hash of the person the process is for: never an e-mail or a name, which would sit in clear in
 * workflow ids, search attributes and the Temporal UI.
 */
export interface ProcessDefinition<Input = unknown> {
  type: string;
  workflowType: string;
  title: string;
  description: string;
  input: z.ZodType<Input>;
  /** An input example for the API documentation. */
  example: Record<string, unknown>;
  /** The person the process is for (an e-mail address); only its keyed hash leaves the API. */
  subject?(input: Input): string;
  /**
   * A reference that identifies the business thing without personal data; else the subject's
   * keyed hash does; with neither, every start is a new process with a generated id.
   */
  reference?(input: Input): string | undefined;
  /** The workflow's argument, built from the validated input. */
  workflowInput(input: Input, context: ProcessStartContext): unknown;
  /** Who may start it. */
  startRoles: Role[];
  /** Who may ask to cancel it (the workflow still decides whether it can). */
  cancelRoles: Role[];
  events: Record<string, ProcessEventDefinition>;
  /** The ERP items the input names (field and SKU); the API checks them before it starts. */
  erpItems?(input: Input): { field: string; sku: string }[];
  /** The CRM records the input names (a customer, an asset); the API checks them before it starts. */
  crmRefs?(input: Input): { field: string; kind: 'customer' | 'asset'; id: string }[];
}

/**
 * The workflow id of a process: `<type>:<business key>`, the business key being the reference
 * or the subject's keyed hash (`s-…`). Processes started before 2026-11 used the e-mail itself.
 */
export function processWorkflowId(type: string, businessKey: string): string {
  return `${type}:${businessKey}`;
}

const customerOnboarding: ProcessDefinition<CustomerOnboardingInput> = {
  type: CUSTOMER_ONBOARDING,
  workflowType: 'customerOnboardingWorkflow',
  title: 'Customer onboarding',
  description:
    'Creates the customer account in CRM, the customer master in ERP with the same customerNo, and links them.',
  input: customerOnboardingInputSchema,
  example: {
    name: 'Ada Lovelace Ltd',
    email: 'ada@example.com',
    phone: '+44 20 7946 0000',
    kind: 'business',
    address: { line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
  },
  subject: (input) => input.email,
  workflowInput: (customer, { policy, startedBy, businessKey }) => ({
    customer,
    policy: { activityTimeoutMs: policy.activityTimeoutMs },
    startedBy,
    businessKey,
  }),
  startRoles: ['sales', 'sales-manager', 'sales-director', 'service-agent', 'ops'],
  cancelRoles: ['sales-manager', 'ops'],
  events: {},
};

const leadToCash: ProcessDefinition<LeadToCashInput> = {
  type: LEAD_TO_CASH,
  workflowType: 'leadToCashWorkflow',
  title: 'Lead to cash',
  description:
    "From the first contact to the paid invoice across CRM and ERP: lead, qualification, account and ERP customer, quote from ERP prices, approval, the customer's answer, credit, order, reservation and backorder, shipments, invoices, asset hand-over and collection. Cancellable until the first shipment; the saga then undoes what was done.",
  input: leadToCashInputSchema,
  example: {
    leadRef: 'web-4711',
    lead: {
      source: 'web',
      company: 'Velocity Couriers GmbH',
      contactName: 'Vera Velo',
      email: 'vera@velocity-couriers.example',
      phone: '+49 30 1234567',
      estimatedValueMinor: 1_500_000,
    },
    address: {
      line1: 'Friedrichstraße 100',
      city: 'Berlin',
      postalCode: '10117',
      country: 'DE',
      latitude: 52.52,
      longitude: 13.388,
    },
    lines: [
      { sku: 'EB-CARGO-2W', quantity: 2, discountPercent: 5 },
      { sku: 'HLM-URBAN-M', quantity: 2 },
    ],
  },
  subject: (input) => input.lead.email,
  reference: (input) => input.leadRef,
  erpItems: (input) =>
    input.lines.map((line, index) => ({ field: `lines.${index}.sku`, sku: line.sku })),
  workflowInput: (request, { policy, startedBy, businessKey }): LeadToCashWorkflowInput => ({
    request,
    policy: { activityTimeoutMs: policy.activityTimeoutMs, ...policy.leadToCash },
    startedBy,
    businessKey,
  }),
  startRoles: ['sales', 'sales-manager', 'sales-director', 'service-agent', 'ops'],
  cancelRoles: ['sales', 'sales-manager', 'sales-director', 'ops'],
  events: {
    [LeadToCashEvents.quoteAccepted]: {
      description: 'The customer accepted the quote (before its valid-until).',
      payload: quoteAnswerSchema,
      roles: ['sales', 'sales-manager', 'ops'],
    },
    [LeadToCashEvents.quoteRejected]: {
      description: 'The customer declined the quote; the opportunity is lost.',
      payload: quoteAnswerSchema,
      roles: ['sales', 'sales-manager', 'ops'],
    },
    [LeadToCashEvents.goodsReceived]: {
      description: "The supplier delivered a backorder's purchase order to the warehouse.",
      payload: goodsReceivedSchema,
      roles: ['ops'],
    },
    [LeadToCashEvents.carrierDelivered]: {
      description: 'The carrier delivered a shipment (else the delivery timer decides).',
      payload: carrierDeliveredSchema,
      roles: ['ops'],
    },
    [LeadToCashEvents.paymentReceived]: {
      description:
        'The bank reported a payment: partial payments are allowed, over-payment is refused (422), the same externalRef twice is one payment.',
      payload: paymentReceivedSchema,
      roles: ['finance', 'ops'],
    },
  },
};

const customerErasure: ProcessDefinition<CustomerErasureInput> = {
  type: CUSTOMER_ERASURE,
  workflowType: 'customerErasureWorkflow',
  title: 'Customer erasure',
  description:
    "The right to be forgotten: the customer's personal data is erased in CRM and replaced by a placeholder name in ERP (invoices and ledger stay, as the law requires), and the customer's closed process histories are deleted from Temporal. Waits while the customer has running processes (an admin cancels them or waits, then retries). Also POST /customers/{customerNo}/erase.",
  input: customerErasureInputSchema,
  example: { customerNo: 'C-000042', reason: 'Erasure request DSR-2026-118 of 2026-11-28' },
  reference: (input) => input.customerNo,
  workflowInput: (request, { policy, startedBy, businessKey }): CustomerErasureWorkflowInput => ({
    request,
    policy: { activityTimeoutMs: policy.activityTimeoutMs },
    startedBy,
    businessKey,
  }),
  startRoles: ['admin'],
  cancelRoles: ['admin'],
  events: {},
};

const serviceCase: ProcessDefinition<ServiceCaseInput> = {
  type: SERVICE_CASE,
  workflowType: 'serviceCaseWorkflow',
  title: 'Service case',
  description:
    "From the customer's call to the closed case across CRM and ERP: the case with its SLA, entitlement (warranty, or an estimate the customer accepts), finance's release for a customer on credit hold, routing to the nearest fitting dealer who accepts (the next one on decline or silence; a service manager by hand when none is left), the ERP work order with parts, the dealer's completion report, the warranty posting or the service invoice and its collection, and the satisfaction survey.",
  input: serviceCaseInputSchema,
  example: {
    intakeKey: 'call-20261129-0042',
    serialNo: 'EB-CARGO-2W-SH-000001-001',
    kind: 'repair',
    symptom: 'Rear brake grinds and the motor cuts out above 15 km/h',
    priority: 'high',
    channel: 'phone',
    parts: [{ sku: 'BRK-PAD-2P', quantity: 1 }],
    estimatedLabourMinutes: 90,
  },
  reference: (input) => input.intakeKey,
  crmRefs: (input) => [
    ...(input.customerNo
      ? [{ field: 'customerNo', kind: 'customer' as const, id: input.customerNo }]
      : []),
    ...(input.serialNo ? [{ field: 'serialNo', kind: 'asset' as const, id: input.serialNo }] : []),
  ],
  erpItems: (input) =>
    input.parts.map((part, index) => ({ field: `parts.${index}.sku`, sku: part.sku })),
  workflowInput: (request, { policy, startedBy, businessKey }): ServiceCaseWorkflowInput => ({
    request,
    policy: { activityTimeoutMs: policy.activityTimeoutMs, ...policy.serviceCase },
    startedBy,
    businessKey,
  }),
  startRoles: ['service-agent', 'service-manager', 'ops'],
  cancelRoles: ['service-agent', 'service-manager', 'ops'],
  events: {
    [ServiceCaseEvents.estimateAccepted]: {
      description: 'The customer accepts the estimate for work out of warranty.',
      payload: estimateAnswerSchema,
      roles: ['service-agent', 'service-manager', 'ops'],
    },
    [ServiceCaseEvents.estimateDeclined]: {
      description: 'The customer declines the estimate; the case closes without work.',
      payload: estimateAnswerSchema,
      roles: ['service-agent', 'service-manager', 'ops'],
    },
    [ServiceCaseEvents.dealerAccepted]: {
      description: 'The dealer the case is offered to takes it (optionally with an appointment).',
      payload: dealerAnswerSchema,
      roles: ['dealer', 'service-manager', 'ops'],
    },
    [ServiceCaseEvents.dealerDeclined]: {
      description: 'The dealer the case is offered to declines; the next candidate is asked.',
      payload: dealerAnswerSchema,
      roles: ['dealer', 'service-manager', 'ops'],
    },
    [ServiceCaseEvents.appointmentSet]: {
      description: 'The assigned dealer sets or moves the appointment with the customer.',
      payload: appointmentSchema,
      roles: ['dealer', 'service-agent', 'service-manager', 'ops'],
    },
    [ServiceCaseEvents.workCompleted]: {
      description:
        'The assigned dealer reports the work done (labour minutes, parts used, notes); warranty work posts warranty expense, other work is invoiced.',
      payload: workCompletedSchema,
      roles: ['dealer', 'service-manager', 'ops'],
    },
    [ServiceCaseEvents.surveyAnswered]: {
      description:
        "The customer's satisfaction, 1 to 5; without it the case closes when the survey times out.",
      payload: surveySchema,
      roles: ['service-agent', 'service-manager', 'ops'],
    },
  },
};

/** Every process type of the product; the API takes this list (tests may add their own). */
export const processCatalog: readonly ProcessDefinition[] = [
  customerOnboarding as ProcessDefinition,
  leadToCash as ProcessDefinition,
  customerErasure as ProcessDefinition,
  serviceCase as ProcessDefinition,
];
