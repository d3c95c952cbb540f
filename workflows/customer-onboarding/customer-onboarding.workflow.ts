import {
  CUSTOMER_ONBOARDING,
  type CustomerOnboardingResult,
  type CustomerOnboardingStage,
  type CustomerOnboardingWorkflowInput,
} from '@throughline/contracts';
import { ProcessRuntime } from '../shared/process-runtime';
import { Attention } from '../shared/attention';
import { billingAddressOf } from '../shared/erp-customer';
import { systems } from '../shared/systems';

/**
 * Customer onboarding: the account in CRM (which assigns the customerNo), the customer master in
 * ERP with the same customerNo, then the link recorded in CRM. Each step is an idempotent
 * activity on its system's queue, so retries and worker crashes never create a second record.
 * It takes seconds and undoes nothing, so it is not cancellable.
 */
export async function customerOnboardingWorkflow(
  input: CustomerOnboardingWorkflowInput,
): Promise<CustomerOnboardingResult> {
  const { customer } = input;
  const runtime = new ProcessRuntime<CustomerOnboardingResult>({
    type: CUSTOMER_ONBOARDING,
    businessKey: input.businessKey ?? customer.email,
    startedBy: input.startedBy,
    summary: `Onboard ${customer.name} <${customer.email}>`,
  });
  // A step that fails for a reason nobody foresaw parks the process for ops (retry, or give up:
  // the process fails; what was created stays, each record valid on its own).
  const { crm, erp } = systems(input.policy.activityTimeoutMs, {
    attention: new Attention(runtime),
  });
  const stage = (name: CustomerOnboardingStage): void => runtime.stage(name);

  stage('creating-crm-account');
  const account = await crm.openAccount({
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    kind: customer.kind,
    address: customer.address,
  });
  runtime.customer(account.customerNo);
  runtime.document('account', account.customerNo);
  runtime.step('crm-account-opened', account.customerNo);

  stage('creating-erp-customer');
  const erpCustomer = await erp.upsertCustomer({
    customerNo: account.customerNo,
    legalName: customer.name,
    email: customer.email,
    ...billingAddressOf(customer.address),
  });
  runtime.document('erpCustomer', erpCustomer.customerNo);
  runtime.step('erp-customer-created', erpCustomer.customerNo);

  stage('linking-accounts');
  await crm.linkErpCustomer({ customerNo: account.customerNo, erpCustomerId: erpCustomer.id });
  runtime.step('accounts-linked');

  stage('completed');
  runtime.state.result = {
    customerNo: account.customerNo,
    crmAccountId: account.id,
    erpCustomerId: erpCustomer.id,
  };
  return runtime.state.result;
}
