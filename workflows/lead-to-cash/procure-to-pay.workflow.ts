import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  ErpErrorCodes,
  goodsReceivedSignal,
  type ProcureToPayInput,
  type ProcureToPayResult,
  purchaseOrderPlacedSignal,
} from '@throughline/contracts';
import { refusalOf, systems } from '../shared/systems';
import { childAttributes } from './helpers';

/**
 * A backorder: a purchase order for the shortfall, then the goods receipt when the warehouse
 * reports the delivery (the parent forwards the `goods-received` event). Cancelled before the
 * goods arrive, it cancels its purchase order; a received order cannot be cancelled and stays.
 */
export async function procureToPayWorkflow(input: ProcureToPayInput): Promise<ProcureToPayResult> {
  const { erp } = systems(input.activityTimeoutMs);
  let received: { deliveryNote?: string } | undefined;
  setHandler(goodsReceivedSignal, (report) => {
    received ??= report;
  });
  const stage = childAttributes(input);

  stage('ordering');
  const po = await erp.createPurchaseOrder({
    poKey: input.poKey,
    warehouseCode: input.warehouseCode,
    salesOrderNo: input.orderNo,
    lines: input.lines,
  });
  try {
    // Inside the try: a cancel that arrives while the order is placed still cancels it.
    await getExternalWorkflowHandle(input.processId).signal(purchaseOrderPlacedSignal, {
      poNo: po.poNo,
      workflowId: workflowInfo().workflowId,
      expectedOn: po.expectedOn,
    });
    stage('awaiting-goods');
    await condition(() => received !== undefined);
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(async () => {
        try {
          await erp.cancelPurchaseOrder({ poNo: po.poNo, reason: 'sales order cancelled' });
          stage('cancelled');
        } catch (undoError) {
          // Goods already received: the stock stays in the warehouse; nothing else to undo.
          if (refusalOf(undoError)?.code !== ErpErrorCodes.invalidTransition) throw undoError;
        }
      });
    }
    throw error;
  }
  stage('receiving');
  const receipt = await erp.receiveGoods({
    poNo: po.poNo,
    receiptKey: received?.deliveryNote ? `${po.poNo}:${received.deliveryNote}` : po.poNo,
  });
  stage('received');
  return { poNo: po.poNo, receiptNo: receipt.receiptNo };
}
