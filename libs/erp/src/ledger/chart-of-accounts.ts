import type { AccountType } from './gl-account.entity';

/** The small chart of accounts of DOMAIN.md, plus what stock adjustments and opening stock need. */
export const Accounts = {
  cash: '1000',
  accountsReceivable: '1100',
  inventory: '1200',
  grni: '2000',
  taxPayable: '2100',
  openingBalanceEquity: '3000',
  revenue: '4000',
  serviceRevenue: '4100',
  cogs: '5000',
  warrantyExpense: '5100',
  inventoryAdjustments: '5200',
} as const;

export type AccountCode = (typeof Accounts)[keyof typeof Accounts];

export const chartOfAccounts: { code: AccountCode; name: string; type: AccountType }[] = [
  { code: Accounts.cash, name: 'Cash', type: 'asset' },
  { code: Accounts.accountsReceivable, name: 'Accounts Receivable', type: 'asset' },
  { code: Accounts.inventory, name: 'Inventory', type: 'asset' },
  { code: Accounts.grni, name: 'Goods Received Not Invoiced', type: 'liability' },
  { code: Accounts.taxPayable, name: 'Tax Payable', type: 'liability' },
  { code: Accounts.openingBalanceEquity, name: 'Opening Balance Equity', type: 'equity' },
  { code: Accounts.revenue, name: 'Revenue', type: 'revenue' },
  { code: Accounts.serviceRevenue, name: 'Service Revenue', type: 'revenue' },
  { code: Accounts.cogs, name: 'Cost of Goods Sold', type: 'expense' },
  { code: Accounts.warrantyExpense, name: 'Warranty Expense', type: 'expense' },
  { code: Accounts.inventoryAdjustments, name: 'Inventory Adjustments', type: 'expense' },
];
