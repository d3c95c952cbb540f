import { ChildWorkflowCancellationType, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { ServiceCaseEvents, TaskQueues } from '@throughline/contracts';
import { collectionWorkflow } from '../lead-to-cash/collection.workflow';
import type { AssignedDealer } from './routing.phase';
import type { ServiceCase } from './service-case.process';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Repair and bill: the ERP work order with the parts reserved from the warehouse nearest the
 * dealer; the dealer's appointment and completion report; then warranty work posts warranty
 * expense and bills nothing, other work gets a service invoice, collected by the same
 * collection process as any invoice (it outlives the case).
 */
export async function repairAndBill(p: ServiceCase, dealer: AssignedDealer): Promise<void> {
  const { runtime, crm, erp, result, request, policy } = p;
  const serviceCase = p.caseRecord;
  p.stage('creating-work-order');
  const workOrder = await erp.createWorkOrder({
    caseRef: serviceCase.caseNo,
    customerNo: result.customerNo,
    dealerRef: dealer.code,
    ...(result.serialNo ? { assetSerial: result.serialNo } : {}),
    warranty: result.inWarranty,
    description: request.symptom.slice(0, 500),
    ...(dealer.city && dealer.latitude !== undefined && dealer.longitude !== undefined
      ? { site: { city: dealer.city, latitude: dealer.latitude, longitude: dealer.longitude } }
      : {}),
    parts: request.parts,
  });
  result.workOrderNo = workOrder.workOrderNo;
  p.details.workOrderNo = workOrder.workOrderNo;
  runtime.document('workOrder', workOrder.workOrderNo);
  runtime.step('work-order-created', workOrder.workOrderNo);
  if (workOrder.shortfall?.length) {
    runtime.step(
      'parts-short',
      workOrder.shortfall.map((s) => `${s.quantity} × ${s.sku}`).join(', '),
    );
  }
  // Cancelled before the dealer reports the work, the work order goes and its parts come back.
  p.saga.add('work order cancelled', async (reason) => {
    await erp.cancelWorkOrder({ workOrderNo: workOrder.workOrderNo, reason });
  });
  await crm.updateCase({ caseId: serviceCase.id, status: 'in-progress', processId: p.processId });
  p.memo();

  p.stage('in-repair');
  const waiting = [ServiceCaseEvents.workCompleted, ServiceCaseEvents.appointmentSet];
  runtime.acceptEvents(...waiting);
  let report;
  for (;;) {
    const event = await runtime.nextEvent(waiting, policy.workTimeoutMs);
    if (!event) {
      // The dealer is late: a service manager follows up; the case keeps waiting for the report.
      await runtime.ask({
        kind: 'work-overdue',
        role: 'service-manager',
        escalateTo: 'ops',
        dueInMs: DAY_MS,
        decisions: ['followed-up'],
        summary: `Dealer ${dealer.code} has not reported case ${serviceCase.caseNo} done; follow up`,
        context: { caseNo: serviceCase.caseNo, dealerCode: dealer.code },
      });
      continue;
    }
    if (event.event === ServiceCaseEvents.appointmentSet) {
      p.details.appointmentAt = String(event.payload.appointmentAt);
      runtime.step('appointment-set', p.details.appointmentAt);
      continue;
    }
    report = event;
    break;
  }
  runtime.acceptEvents();
  // The work is done: parts are used and billed or posted, nothing can be cancelled any more.
  p.workStarted = true;
  runtime.setCancellable(false, 'the dealer has done the work');
  const { labourMinutes, partsUsed, notes } = report.payload as {
    labourMinutes: number;
    partsUsed?: { sku: string; quantity: number }[];
    notes?: string;
  };
  runtime.step('work-reported', `${labourMinutes} min by ${report.by}`);

  p.stage('billing');
  const completed = await erp.completeWorkOrder({
    workOrderNo: workOrder.workOrderNo,
    labourMinutes,
    ...(partsUsed ? { partsUsed } : {}),
  });
  await crm.updateCase({
    caseId: serviceCase.id,
    status: 'resolved',
    resolution: (notes ?? `work completed by ${dealer.code}`).slice(0, 500),
    processId: p.processId,
  });
  p.resolved = true;
  if (!completed.invoiceNo) {
    runtime.step('warranty-posted', workOrder.workOrderNo);
    return;
  }
  result.invoiceNo = completed.invoiceNo;
  runtime.documentAttribute('invoice', completed.invoiceNo, 'invoiceNos');
  runtime.step('invoiced', completed.invoiceNo);
  const invoice = await erp.getInvoice({ invoiceNo: completed.invoiceNo });
  await startChild(collectionWorkflow, {
    workflowId: `${p.processId}/invoice/${invoice.invoiceNo}`,
    taskQueue: TaskQueues.processes,
    // The money is collected whatever happens to the case.
    cancellationType: ChildWorkflowCancellationType.ABANDON,
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [
      {
        processId: p.processId,
        customerNo: result.customerNo,
        orderNo: workOrder.workOrderNo,
        activityTimeoutMs: policy.activityTimeoutMs,
        invoiceNo: invoice.invoiceNo,
        grossMinor: invoice.balanceMinor,
        currency: invoice.currency,
        termsDays: Math.round(
          (Date.parse(invoice.dueDate) - Date.parse(invoice.issueDate)) / DAY_MS,
        ),
        dayMs: policy.dayMs,
        reminderDays: policy.reminderDays,
        creditHoldDays: policy.creditHoldDays,
      },
    ],
  });
  runtime.step('collection-started', invoice.invoiceNo);
  p.memo();
}
