import { z } from 'zod';
import {
  CUSTOMER_ONBOARDING,
  customerOnboardingInputSchema,
  type CustomerOnboardingInput,
} from './customer-onboarding.contract';
import type { ProcessStartContext } from './process-policy';

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
  businessKey(input: Input): string;
  /** The workflow's argument, built from the validated input. */
  workflowInput(input: Input, context: ProcessStartContext): unknown;
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
  businessKey: (input) => input.email,
  workflowInput: (customer, { policy, startedBy }) => ({
    customer,
    policy: { activityTimeoutMs: policy.activityTimeoutMs },
    startedBy,
  }),
};

export const processCatalog: readonly ProcessDefinition[] = [
  customerOnboarding as ProcessDefinition,
];

export function findProcessDefinition(type: string): ProcessDefinition | undefined {
  return processCatalog.find((definition) => definition.type === type);
}
