/**
 * The codes of the ERP's business refusals. Activities raise them as the type of a
 * non-retryable ApplicationFailure and REST as the `code` of a problem; workflows branch on them
 * (e.g. insufficient credit starts a release-credit task).
 */
export const ErpErrorCodes = {
  invalidInput: 'invalid-input',
  /** Text with a control character or an unpaired surrogate (INVALID_TEXT_CODE; every activity refuses it). */
  invalidText: 'invalid-text',
  badQuantity: 'bad-quantity',
  badAmount: 'bad-amount',
  unknownSku: 'unknown-sku',
  unknownWarehouse: 'unknown-warehouse',
  notAStockItem: 'not-a-stock-item',
  controlAccount: 'control-account',
  insufficientCredit: 'insufficient-credit',
  creditHold: 'customer-on-credit-hold',
  insufficientStock: 'insufficient-stock',
  orderNotCancellable: 'order-not-cancellable',
  invalidTransition: 'invalid-state-transition',
  overpayment: 'overpayment',
  paymentReferenceConflict: 'payment-reference-conflict',
  invoiceHasPayments: 'invoice-has-payments',
  currencyMismatch: 'currency-mismatch',
  unbalancedEntry: 'unbalanced-journal-entry',
  alreadyExists: 'already-exists',
  nothingToShip: 'nothing-to-ship',
  partialShipmentNotAllowed: 'partial-shipment-not-allowed',
  overReceipt: 'over-receipt',
  /** A credit-blocked order cannot ship until finance releases it (`releaseCreditBlock`). */
  orderCreditBlocked: 'order-credit-blocked',
  /** `releaseCreditBlock` of an order that is not (or no longer) credit-blocked. */
  orderNotCreditBlocked: 'order-not-credit-blocked',
  /** `describeItems` named skus that do not exist (`<document>-not-found`, as GET /items/{sku}). */
  itemNotFound: 'item-not-found',
} as const;

export type ErpErrorCode = (typeof ErpErrorCodes)[keyof typeof ErpErrorCodes];
