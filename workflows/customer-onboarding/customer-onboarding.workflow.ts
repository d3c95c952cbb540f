import {
  type ActivityOptions,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { CrmActivities } from '@throughline/activities/crm';
import type { ErpActivities } from '@throughline/activities/erp';
import {
  CUSTOMER_ONBOARDING,
  type CustomerOnboardingResult,
  type CustomerOnboardingStage,
  type CustomerOnboardingWorkflowInput,
  type ProcessState,
  processStateQuery,
  SearchAttributes,
  TaskQueues,
} from '@throughline/contracts';

/**
 * Customer onboarding: the account in CRM (which assigns the customerNo), the customer master in
 * ERP with the same customerNo, then the link recorded in CRM. Each step is an idempotent
 * activity on its system's queue, so retries and worker crashes never create a second record.
 */
export async function customerOnboardingWorkflow(
  input: CustomerOnboardingWorkflowInput,
): Promise<CustomerOnboardingResult> {
  const activityOptions: ActivityOptions = {
    startToCloseTimeout: input.policy.activityTimeoutMs,
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
  };
  const crm = proxyActivities<CrmActivities>({ ...activityOptions, taskQueue: TaskQueues.crm });
  const erp = proxyActivities<ErpActivities>({ ...activityOptions, taskQueue: TaskQueues.erp });

  const { customer } = input;
  const state: ProcessState<CustomerOnboardingResult> = {
    type: CUSTOMER_ONBOARDING,
    businessKey: customer.email,
    stage: 'creating-crm-account',
    documents: {},
    steps: [],
  };
  setHandler(processStateQuery, () => state);

  const enter = (stage: CustomerOnboardingStage): void => {
    state.stage = stage;
    upsertSearchAttributes([{ key: SearchAttributes.processStage, value: stage }]);
  };
  const done = (step: string, detail?: string): void => {
    state.steps.push({
      step,
      at: new Date(Date.now()).toISOString(),
      ...(detail ? { detail } : {}),
    });
  };

  enter('creating-crm-account');
  const account = await crm.openAccount({
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    kind: customer.kind,
    address: customer.address,
  });
  state.customerNo = account.customerNo;
  state.documents.account = [account.customerNo];
  upsertSearchAttributes([{ key: SearchAttributes.customerNo, value: account.customerNo }]);
  done('crm-account-opened', account.customerNo);

  enter('creating-erp-customer');
  const erpCustomer = await erp.upsertCustomer({
    customerNo: account.customerNo,
    legalName: customer.name,
    email: customer.email,
    billingAddress: customer.address && {
      line1: customer.address.line1,
      city: customer.address.city,
      postalCode: customer.address.postalCode,
      country: customer.address.country,
    },
  });
  state.documents.erpCustomer = [erpCustomer.customerNo];
  done('erp-customer-created', erpCustomer.customerNo);

  enter('linking-accounts');
  await crm.linkErpCustomer({ customerNo: account.customerNo, erpCustomerId: erpCustomer.id });
  done('accounts-linked');

  enter('completed');
  state.result = {
    customerNo: account.customerNo,
    crmAccountId: account.id,
    erpCustomerId: erpCustomer.id,
  };
  return state.result;
}
