export type Industry = 'coffee_shop' | 'web_agency' | 'childcare' | 'real_estate' | 'accounting_practice';
export type AccountType = 'asset' | 'liability' | 'equity' | 'income' | 'expense';
export type AccountKind = 'bank' | 'card' | 'other';

export interface TemplateAccount {
  code: string;
  name: string;
  type: AccountType;
  kind?: AccountKind;
}

const COMMON: TemplateAccount[] = [
  { code: '1000', name: 'Operating Checking', type: 'asset', kind: 'bank' },
  { code: '1010', name: 'Savings', type: 'asset', kind: 'bank' },
  { code: '1200', name: 'Accounts Receivable', type: 'asset' },
  { code: '2000', name: 'Business Credit Card', type: 'liability', kind: 'card' },
  { code: '2100', name: 'Sales Tax Payable', type: 'liability' },
  { code: '2200', name: 'Loan Payable', type: 'liability' },
  { code: '3000', name: "Owner's Equity", type: 'equity' },
  { code: '3100', name: "Owner's Draw", type: 'equity' },
  { code: '3900', name: 'Opening Balance Equity', type: 'equity' },
  { code: '4900', name: 'Other Income', type: 'income' },
  { code: '6000', name: 'Rent', type: 'expense' },
  { code: '6100', name: 'Utilities', type: 'expense' },
  { code: '6200', name: 'Payroll', type: 'expense' },
  { code: '6210', name: 'Payroll Taxes', type: 'expense' },
  { code: '6300', name: 'Software Subscriptions', type: 'expense' },
  { code: '6400', name: 'Repairs & Maintenance', type: 'expense' },
  { code: '6500', name: 'Marketing & Advertising', type: 'expense' },
  { code: '6600', name: 'Insurance', type: 'expense' },
  { code: '6700', name: 'Bank Fees', type: 'expense' },
  { code: '6710', name: 'Payment Processing Fees', type: 'expense' },
  { code: '6800', name: 'Office Supplies', type: 'expense' },
  { code: '6850', name: 'Telephone & Internet', type: 'expense' },
  { code: '6900', name: 'Professional Fees', type: 'expense' },
  { code: '6950', name: 'Meals & Entertainment', type: 'expense' },
  { code: '6960', name: 'Travel', type: 'expense' },
  { code: '7000', name: 'Taxes & Licenses', type: 'expense' },
  { code: '9999', name: 'Uncategorized', type: 'expense' },
];

const SPECIFIC: Record<Industry, TemplateAccount[]> = {
  coffee_shop: [
    { code: '4000', name: 'Coffee & Beverage Sales', type: 'income' },
    { code: '4010', name: 'Food Sales', type: 'income' },
    { code: '5000', name: 'COGS - Coffee Beans', type: 'expense' },
    { code: '5010', name: 'COGS - Dairy & Bakery', type: 'expense' },
    { code: '5020', name: 'COGS - Cups & Packaging', type: 'expense' },
  ],
  web_agency: [
    { code: '4000', name: 'Project Revenue', type: 'income' },
    { code: '4100', name: 'Retainer Revenue', type: 'income' },
    { code: '5000', name: 'Subcontractors', type: 'expense' },
    { code: '6310', name: 'Hosting & Cloud', type: 'expense' },
  ],
  childcare: [
    { code: '4000', name: 'Tuition Revenue', type: 'income' },
    { code: '4100', name: 'State Subsidy Revenue', type: 'income' },
    { code: '5000', name: 'Food Program', type: 'expense' },
    { code: '5100', name: 'Classroom Supplies', type: 'expense' },
  ],
  real_estate: [
    { code: '4000', name: 'Commission Income', type: 'income' },
    { code: '4100', name: 'Rental Income', type: 'income' },
    { code: '5000', name: 'Referral Fees Paid', type: 'expense' },
    { code: '6510', name: 'Listing & MLS Fees', type: 'expense' },
    { code: '6410', name: 'Property Maintenance', type: 'expense' },
  ],
  accounting_practice: [
    { code: '4000', name: 'Bookkeeping Fees', type: 'income' },
    { code: '4100', name: 'Tax Preparation Fees', type: 'income' },
    { code: '6310', name: 'Continuing Education', type: 'expense' },
    { code: '6320', name: 'Professional Dues', type: 'expense' },
  ],
};

export const INDUSTRIES = Object.keys(SPECIFIC) as Industry[];

export function chartTemplate(industry: Industry): TemplateAccount[] {
  return [...COMMON, ...SPECIFIC[industry]].sort((a, b) => a.code.localeCompare(b.code));
}
