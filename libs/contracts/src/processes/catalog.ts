import type { z } from 'zod';
import type { Role } from '../security/roles';
import {
  CUSTOMER_ONBOARDING,
  customerOnboardingInputSchema,
  type CustomerOnboardingInput,
} from './customer-onboarding.contract';
import type { ProcessStartContext } from './process-policy';

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
 */
export interface ProcessDefinition<Input = unknown> {
  type: string;
  workflowType: string;
  title: string;
  description: string;
  input: z.ZodType<Input>;
  /** An input example for the API documentation. */
  example: Record<string, unknown>;
  businessKey(input: Input): string;
  /** The workflow's argument, built from the validated input. */
  workflowInput(input: Input, context: ProcessStartContext): unknown;
  /** Who may start it. */
  startRoles: Role[];
  /** Who may ask to cancel it (the workflow still decides whether it can). */
  cancelRoles: Role[];
  events: Record<string, ProcessEventDefinition>;
}

/** The workflow id of a process: `<type>:<business key>`. */
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
  businessKey: (input) => input.email,
  workflowInput: (customer, { policy, startedBy }) => ({
    customer,
    policy: { activityTimeoutMs: policy.activityTimeoutMs },
    startedBy,
  }),
  startRoles: ['sales', 'sales-manager', 'sales-director', 'service-agent', 'ops'],
  cancelRoles: ['sales-manager', 'ops'],
  events: {},
};

/** Every process type of the product; the API takes this list (tests may add their own). */
export const processCatalog: readonly ProcessDefinition[] = [
  customerOnboarding as ProcessDefinition,
];
