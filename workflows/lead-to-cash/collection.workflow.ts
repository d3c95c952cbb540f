import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  collectionEscalatedSignal,
  type CollectionInput,
  type CollectionResult,
  paymentAppliedSignal,
  SearchAttributes,
} from '@throughline/contracts';
import { systems } from '../shared/systems';

/**
 * A collection on credit hold checks ERP once a day for as long as the customer takes; past
 * this many history events it continues as a new run (Temporal's limit is far above it).
 */
const HISTORY_EVENTS_BEFORE_CONTINUE = 2_000;

/**
 * Collects one invoice: waits for payment until the due date, sends reminders on the configured
 * days after it, and on the hold day puts the customer on credit hold in ERP, shows it on the
 * CRM account and tells the parent, which gives finance a task. Payments arrive as signals from
 * the parent, which records them in ERP; the hold this invoice caused is released once it is paid.
 */
export async function collectionWorkflow(input: CollectionInput): Promise<CollectionResult> {
  const { crm, erp } = systems(input.activityTimeoutMs);
  const applied = new Set<string>(input.onHold?.appliedPayments);
  let balanceMinor = input.onHold?.balanceMinor ?? input.grossMinor;
  let paidAt = '';
  setHandler(paymentAppliedSignal, (payment) => {
    if (applied.has(payment.paymentNo)) return;
    applied.add(payment.paymentNo);
    balanceMinor -= payment.amountMinor;
    if (balanceMinor <= 0) paidAt = payment.at;
  });
  const paid = (): boolean => balanceMinor <= 0;
  /**
   * What ERP says is still open: a payment can reach the invoice without this process (posted
   * in ERP, a credit note), and dunning must not chase what is settled.
   */
  const reconcile = async (): Promise<boolean> => {
    const current = await erp.getInvoice({ invoiceNo: input.invoiceNo });
    if (current.balanceMinor < balanceMinor) {
      balanceMinor = current.balanceMinor;
      if (paid()) paidAt ||= new Date().toISOString();
    }
    return paid();
  };
  const stage = (name: string): void =>
    upsertSearchAttributes([{ key: SearchAttributes.processStage, value: name }]);
  upsertSearchAttributes([
    { key: SearchAttributes.customerNo, value: input.customerNo },
    { key: SearchAttributes.orderNo, value: input.orderNo },
    { key: SearchAttributes.invoiceNos, value: [input.invoiceNo] },
  ]);

  const issuedAt = Date.now();
  const dueAt = issuedAt + input.termsDays * input.dayMs;
  /** Waits until `at` (workflow time) or payment; true when paid. */
  const paidBy = async (at: number): Promise<boolean> =>
    paid() || (await condition(paid, Math.max(0, at - Date.now())));

  /** On hold until paid: through the process, or (checked once a day) in ERP. */
  const holdUntilPaid = async (): Promise<void> => {
    while (!(await condition(paid, input.dayMs)) && !(await reconcile())) {
      const info = workflowInfo();
      if (info.continueAsNewSuggested || info.historyLength > HISTORY_EVENTS_BEFORE_CONTINUE) {
        await continueAsNew<typeof collectionWorkflow>({
          ...input,
          onHold: { balanceMinor, remindersSent, appliedPayments: [...applied] },
        });
      }
    }
  };

  let remindersSent = input.onHold?.remindersSent ?? 0;
  let creditHoldPlaced = false;
  /** Due date, reminders, then the credit hold. */
  const collect = async (): Promise<void> => {
    stage('awaiting-payment');
    if (!(await paidBy(dueAt)) && !(await reconcile())) {
      stage('overdue');
      for (const day of [...input.reminderDays].sort((a, b) => a - b)) {
        if ((await paidBy(dueAt + day * input.dayMs)) || (await reconcile())) break;
        remindersSent += 1;
        await crm.appendTimeline({
          customerNo: input.customerNo,
          sourceKey: `payment-reminder:${input.invoiceNo}:${day}`,
          kind: 'payment-reminder',
          summary: `Reminder ${remindersSent}: invoice ${input.invoiceNo} is ${day} days overdue, ${balanceMinor} ${input.currency} minor units open`,
          processId: input.processId,
          details: { invoiceNo: input.invoiceNo, daysOverdue: day, balanceMinor },
        });
      }
      if (!(await paidBy(dueAt + input.creditHoldDays * input.dayMs)) && !(await reconcile())) {
        stage('credit-hold');
        const reason = `invoice ${input.invoiceNo} ${input.creditHoldDays} days overdue`;
        await erp.placeCreditHold({ customerNo: input.customerNo, reason });
        await crm.setCreditHoldFlag({
          customerNo: input.customerNo,
          creditHold: true,
          reason,
          processId: input.processId,
        });
        creditHoldPlaced = true;
        try {
          await getExternalWorkflowHandle(input.processId).signal(collectionEscalatedSignal, {
            invoiceNo: input.invoiceNo,
            daysOverdue: input.creditHoldDays,
            balanceMinor,
          });
        } catch (error) {
          // The process was cancelled in Temporal after shipping and this collection outlived
          // it: the hold stands, and ops find the collection by ProcessStage="credit-hold".
          if (isCancellation(error)) throw error;
        }
        await holdUntilPaid();
      }
    }
  };

  if (input.onHold) {
    // A continued run: the customer is on hold already.
    stage('credit-hold');
    creditHoldPlaced = true;
    await holdUntilPaid();
  } else {
    await collect();
  }

  if (creditHoldPlaced) {
    // The hold goes only when no other invoice of the customer is as far overdue.
    const others = (
      await erp.listOverdueInvoices({
        customerNo: input.customerNo,
        minDaysOverdue: input.creditHoldDays,
      })
    ).filter((overdue) => overdue.invoiceNo !== input.invoiceNo);
    if (others.length === 0) {
      const reason = `invoice ${input.invoiceNo} paid`;
      await erp.releaseCreditHold({ customerNo: input.customerNo, reason });
      await crm.setCreditHoldFlag({
        customerNo: input.customerNo,
        creditHold: false,
        reason,
        processId: input.processId,
      });
    }
  }
  await crm.appendTimeline({
    customerNo: input.customerNo,
    sourceKey: `invoice-paid:${input.invoiceNo}`,
    kind: 'invoice-paid',
    summary: `Invoice ${input.invoiceNo} paid in full`,
    processId: input.processId,
    details: { invoiceNo: input.invoiceNo, workflowId: workflowInfo().workflowId },
  });
  stage('paid');
  return { invoiceNo: input.invoiceNo, paidAt, remindersSent, creditHoldPlaced };
}
