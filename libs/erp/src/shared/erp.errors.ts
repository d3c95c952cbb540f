import { DomainError } from '@throughline/common';
import { ErpErrorCodes, type ErpErrorCode } from '@throughline/contracts';

// The ERP's business violations, each a typed domain error with a stable code. Activities turn
// them into non-retryable ApplicationFailures whose type is the code; REST into problem+json.
// The codes themselves live in libs/contracts: workflows branch on them and cannot import this
// library.
export { ErpErrorCodes };
export type { ErpErrorCode };

export class InvalidInputError extends DomainError {
  constructor(message: string, errors: { field: string; message: string }[] = []) {
    super('validation', ErpErrorCodes.invalidInput, message, { errors });
  }
}

/** Text no system can store (a control character, an unpaired surrogate): `invalid-text`. */
export class InvalidTextError extends DomainError {
  constructor(message: string, errors: { field: string; message: string }[]) {
    super('validation', ErpErrorCodes.invalidText, message, { errors });
  }
}

export class BadQuantityError extends DomainError {
  constructor(what: string, quantity: unknown) {
    super(
      'validation',
      ErpErrorCodes.badQuantity,
      `${what}: quantity must be a positive whole number, got ${String(quantity)}`,
      { quantity },
    );
  }
}

export class BadAmountError extends DomainError {
  constructor(what: string, amount: unknown) {
    super(
      'validation',
      ErpErrorCodes.badAmount,
      `${what}: amount must be a positive whole number of minor units, got ${String(amount)}`,
      { amount },
    );
  }
}

export class UnknownSkuError extends DomainError {
  constructor(skus: string[]) {
    super('validation', ErpErrorCodes.unknownSku, `unknown sku: ${skus.join(', ')}`, { skus });
  }
}

export class UnknownWarehouseError extends DomainError {
  constructor(code: string) {
    super('validation', ErpErrorCodes.unknownWarehouse, `unknown warehouse: ${code}`, { code });
  }
}

export class InsufficientCreditError extends DomainError {
  constructor(customerNo: string, details: Record<string, unknown>) {
    super(
      'business-rule',
      ErpErrorCodes.insufficientCredit,
      `customer ${customerNo}: the order would exceed the credit limit`,
      { customerNo, ...details },
    );
  }
}

export class CreditHoldError extends DomainError {
  constructor(customerNo: string, reason?: string) {
    super(
      'business-rule',
      ErpErrorCodes.creditHold,
      `customer ${customerNo} is on credit hold${reason ? `: ${reason}` : ''}`,
      { customerNo },
    );
  }
}

export class InsufficientStockError extends DomainError {
  constructor(sku: string, wanted: number, available: number) {
    super(
      'business-rule',
      ErpErrorCodes.insufficientStock,
      `sku ${sku}: ${wanted} wanted, ${available} available`,
      { sku, wanted, available },
    );
  }
}

export class OrderNotCancellableError extends DomainError {
  constructor(orderNo: string, reason: string) {
    super(
      'conflict',
      ErpErrorCodes.orderNotCancellable,
      `sales order ${orderNo} cannot be cancelled: ${reason}`,
      { orderNo },
    );
  }
}

export class OrderCreditBlockedError extends DomainError {
  constructor(orderNo: string, reason: string | undefined) {
    super(
      'business-rule',
      ErpErrorCodes.orderCreditBlocked,
      `sales order ${orderNo} is credit-blocked (${reason ?? 'credit check failed'}); ` +
        'it ships once finance releases it',
      { orderNo, creditBlockReason: reason },
    );
  }
}

export class OrderNotCreditBlockedError extends DomainError {
  constructor(orderNo: string, status: string, creditApprovedBy: string | undefined) {
    super(
      'conflict',
      ErpErrorCodes.orderNotCreditBlocked,
      `sales order ${orderNo} is ${status}` +
        (creditApprovedBy ? `, approved by ${creditApprovedBy}` : '') +
        '; there is no credit block to release',
      { orderNo, status, creditApprovedBy },
    );
  }
}

export class ItemNotFoundError extends DomainError {
  constructor(skus: string[]) {
    super('not-found', ErpErrorCodes.itemNotFound, `item ${skus.join(', ')} does not exist`, {
      id: skus.join(', '),
      skus,
    });
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(document: string, number: string, from: string, to: string) {
    super(
      'conflict',
      ErpErrorCodes.invalidTransition,
      `${document} ${number} is ${from}; it cannot become ${to}`,
      { document, number, from, to },
    );
  }
}

export class OverpaymentError extends DomainError {
  constructor(details: Record<string, unknown>) {
    super(
      'business-rule',
      ErpErrorCodes.overpayment,
      'the payment exceeds what is open on the invoices it pays',
      details,
    );
  }
}

export class PaymentReferenceConflictError extends DomainError {
  constructor(externalRef: string, paymentNo: string) {
    super(
      'conflict',
      ErpErrorCodes.paymentReferenceConflict,
      `payment reference ${externalRef} was already recorded as ${paymentNo} with other data`,
      { externalRef, paymentNo },
    );
  }
}

export class InvoiceHasPaymentsError extends DomainError {
  constructor(invoiceNo: string, paidMinor: number) {
    super(
      'conflict',
      ErpErrorCodes.invoiceHasPayments,
      `invoice ${invoiceNo} has payments allocated; refund them before voiding it`,
      { invoiceNo, paidMinor },
    );
  }
}

export class CurrencyMismatchError extends DomainError {
  constructor(expected: string, got: string) {
    super(
      'validation',
      ErpErrorCodes.currencyMismatch,
      `expected currency ${expected}, got ${got}`,
      { expected, got },
    );
  }
}

export class AlreadyExistsError extends DomainError {
  constructor(what: string, key: string) {
    super('conflict', ErpErrorCodes.alreadyExists, `${what} ${key} already exists`, { key });
  }
}

/** Raises when a count is not a positive integer; quantities are whole units of measure. */
export function assertQuantity(what: string, quantity: unknown): asserts quantity is number {
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new BadQuantityError(what, quantity);
  }
}

/** Raises when an amount is not a positive integer of minor units. */
export function assertAmount(what: string, amount: unknown): asserts amount is number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    throw new BadAmountError(what, amount);
  }
}
