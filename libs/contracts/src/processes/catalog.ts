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

/** Every process type of the product; the API takes this list (tests may add their own). */
export const processCatalog: readonly ProcessDefinition[] = [
  customerOnboarding as ProcessDefinition,
  leadToCash as ProcessDefinition,
  customerErasure as ProcessDefinition,
];
