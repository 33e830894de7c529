import type { Industry } from '../companies/chart-templates.ts';

/** A recurring counterparty: description templates (# = digit, @ = letter), account, sign, amount range in dollars, lines per month. */
export interface Vendor {
  names: string[];
  account: string | [string, string, number];
  sign: 1 | -1;
  min: number;
  max: number;
  perMonth: number;
  /** Month multipliers (Jan..Dec); 1 when absent. */
  season?: number[];
  fixed?: boolean;
}

export interface CompanyProfile {
  slug: string;
  name: string;
  industry: Industry;
  openingCents: number;
  vendors: Vendor[];
}

const HOLIDAY = [0.9, 0.9, 1, 1, 1, 1, 1, 1, 1, 1.1, 1.3, 1.6];
const SCHOOL = [1, 1, 1, 1, 1, 0.7, 0.6, 0.8, 1.1, 1, 1, 0.9];
const HOUSING = [0.6, 0.7, 1, 1.2, 1.4, 1.5, 1.4, 1.2, 1, 0.9, 0.7, 0.6];

const OFFICE: Vendor[] = [
  { names: ['DUKE ENERGY OHIO BILL PAY #######', 'DUKE ENERGY PAYMENT'], account: '6100', sign: -1, min: 180, max: 420, perMonth: 1, fixed: true },
  { names: ['SPECTRUM BUSINESS ########', 'CHARTER SPECTRUM'], account: '6850', sign: -1, min: 129.99, max: 129.99, perMonth: 1, fixed: true },
  { names: ['MONTHLY SERVICE FEE', 'SERVICE CHARGE'], account: '6700', sign: -1, min: 15, max: 15, perMonth: 1, fixed: true },
  { names: ['INTUIT *QUICKBOOKS', 'GUSTO PAYROLL FEE #####'], account: '6300', sign: -1, min: 45, max: 90, perMonth: 1 },
  { names: ['STAPLES 00####', 'OFFICE DEPOT #####'], account: '6800', sign: -1, min: 12, max: 160, perMonth: 0.8 },
  { names: ['CINCINNATI INSURANCE CO PREM', 'STATE AUTO INS PREM ######'], account: '6600', sign: -1, min: 210, max: 260, perMonth: 1, fixed: true },
  { names: ['AMAZON MKTPLACE PMTS AMZN.COM/BILL', 'AMZN Mktp US*@@#@@#@@'], account: ['6800', '9999', 0.8], sign: -1, min: 8, max: 240, perMonth: 1.5 },
  { names: ['OHIO DEPT TAX ######', 'CITY OF CINCINNATI INCOME TAX'], account: '7000', sign: -1, min: 120, max: 900, perMonth: 0.35 },
];

const ONE_OFFS: Vendor = {
  names: ['CHECK #####', 'ZELLE TO @@@@@@ ##########', 'POS PURCHASE @@@@@@@ ####', 'ATM WITHDRAWAL #####'],
  account: ['9999', '3100', 0.5],
  sign: -1,
  min: 20,
  max: 600,
  perMonth: 1.2,
};

export const PROFILES: CompanyProfile[] = [
  {
    slug: 'hamilton-coffee',
    name: 'Hamilton Coffee Co.',
    industry: 'coffee_shop',
    openingCents: 1_850_000,
    vendors: [
      ...OFFICE,
      ONE_OFFS,
      { names: ['SQUARE INC DEPOSIT ########', 'SQ DEP ########'], account: '4000', sign: 1, min: 900, max: 2400, perMonth: 8, season: HOLIDAY },
      { names: ['DOORDASH PAYOUT #######', 'UBER EATS PAYOUT ######'], account: '4010', sign: 1, min: 150, max: 700, perMonth: 2, season: HOLIDAY },
      {
        names: ['COFFEE EMPORIUM ROASTERS INV ####', 'DEEPER ROOTS COFFEE ####'],
        account: '5000',
        sign: -1,
        min: 600,
        max: 1800,
        perMonth: 2,
        season: HOLIDAY,
      },
      { names: ['SYSCO CINCINNATI #######', 'UNITED DAIRY FARMERS WHSL ####'], account: '5010', sign: -1, min: 250, max: 900, perMonth: 3 },
      { names: ['WEBSTAURANTSTORE #######', 'ULINE *S######'], account: '5020', sign: -1, min: 90, max: 450, perMonth: 1 },
      { names: ['SQUARE FEES ########'], account: '6710', sign: -1, min: 60, max: 220, perMonth: 1 },
      { names: ['FINDLAY MARKET PROPERTIES RENT'], account: '6000', sign: -1, min: 3200, max: 3200, perMonth: 1, fixed: true },
      { names: ['GUSTO NET PAY ######', 'GUSTO PAYROLL ######'], account: '6200', sign: -1, min: 4200, max: 6100, perMonth: 2 },
      { names: ['GUSTO TAX ######'], account: '6210', sign: -1, min: 700, max: 1100, perMonth: 2 },
      { names: ['LAVAZZA EQUIPMENT SVC ###', 'ESPRESSO PARTS ####'], account: '6400', sign: -1, min: 80, max: 650, perMonth: 0.4 },
      { names: ['FACEBK *@@@@@@@@@@', 'INSTAGRAM ADS ######'], account: '6500', sign: -1, min: 25, max: 150, perMonth: 1 },
    ],
  },
  {
    slug: 'cincy-web',
    name: 'Cincy Web Builders',
    industry: 'web_agency',
    openingCents: 4_200_000,
    vendors: [
      ...OFFICE,
      ONE_OFFS,
      { names: ['STRIPE TRANSFER ST-@@@@#@#@#@#@', 'STRIPE PAYOUT ########'], account: '4000', sign: 1, min: 1800, max: 9500, perMonth: 3 },
      {
        names: ['ACH CREDIT KROGER CO VENDOR PMT', 'ACH CREDIT FIFTH THIRD BANCORP', 'ACH CREDIT P&G VENDOR ######'],
        account: '4100',
        sign: 1,
        min: 3000,
        max: 6500,
        perMonth: 2,
        fixed: true,
      },
      {
        names: ['GITHUB INC ####', 'FIGMA MONTHLY ######', 'ATLASSIAN *JIRA', 'NOTION LABS INC', 'SLACK T0#######'],
        account: '6300',
        sign: -1,
        min: 8,
        max: 180,
        perMonth: 5,
      },
      {
        names: ['AMAZON WEB SERVICES AWS.AMAZON.CO', 'DIGITALOCEAN.COM', 'CLOUDFLARE #####', 'NETLIFY INC'],
        account: '6310',
        sign: -1,
        min: 20,
        max: 900,
        perMonth: 3,
      },
      { names: ['UPWORK ESCROW ########', 'TOPTAL LLC ######', 'PAYPAL *FREELANCER'], account: '5000', sign: -1, min: 400, max: 3800, perMonth: 2 },
      { names: ['CINCINNATI COWORKS RENT', 'COWORK CINCINNATI LLC'], account: '6000', sign: -1, min: 1450, max: 1450, perMonth: 1, fixed: true },
      { names: ['ADP PAYROLL ######', 'ADP WAGE PAY ######'], account: '6200', sign: -1, min: 8000, max: 12000, perMonth: 2 },
      { names: ['ADP TAX ######'], account: '6210', sign: -1, min: 1500, max: 2600, perMonth: 2 },
      { names: ['GOOGLE *ADS#######', 'LINKEDIN ADS ########'], account: '6500', sign: -1, min: 50, max: 600, perMonth: 1.5 },
      { names: ['CHIPOTLE ####', 'GRAETERS ICE CREAM ###', 'SKYLINE CHILI #####'], account: '6950', sign: -1, min: 12, max: 140, perMonth: 2 },
    ],
  },
  {
    slug: 'liberty-childcare',
    name: 'Liberty Childcare',
    industry: 'childcare',
    openingCents: 2_600_000,
    vendors: [
      ...OFFICE,
      ONE_OFFS,
      { names: ['BRIGHTWHEEL TUITION DEP #######', 'PROCARE PAYMENTS ######'], account: '4000', sign: 1, min: 2500, max: 7800, perMonth: 4, season: SCHOOL },
      {
        names: ['OHIO DEPT JOB FAM SVCS PUBLICLY FUNDED CC', 'ODJFS CHILDCARE SUBSIDY'],
        account: '4100',
        sign: 1,
        min: 4000,
        max: 9000,
        perMonth: 1,
        fixed: true,
      },
      { names: ['GORDON FOOD SERVICE ####', 'KROGER #### CINCINNATI', 'ALDI #####'], account: '5000', sign: -1, min: 80, max: 650, perMonth: 4 },
      {
        names: ['LAKESHORE LEARNING #####', 'KAPLAN EARLY LEARNING', 'DISCOUNT SCHOOL SUPPLY'],
        account: '5100',
        sign: -1,
        min: 40,
        max: 480,
        perMonth: 1.5,
        season: [1, 1, 1, 1, 1, 0.6, 0.6, 1.6, 1.5, 1, 1, 0.8],
      },
      { names: ['LIBERTY TWP PROPERTIES RENT'], account: '6000', sign: -1, min: 5400, max: 5400, perMonth: 1, fixed: true },
      { names: ['PAYCHEX PAYROLL ######', 'PAYCHEX NET PAY ######'], account: '6200', sign: -1, min: 9000, max: 14000, perMonth: 2 },
      { names: ['PAYCHEX TAX ######'], account: '6210', sign: -1, min: 1800, max: 2900, perMonth: 2 },
      { names: ['BRIGHTWHEEL SOFTWARE SUB', 'PROCARE SOFTWARE FEE'], account: '6300', sign: -1, min: 99, max: 149, perMonth: 1, fixed: true },
      { names: ['CINTAS CORP ######', 'SERVPRO OF HAMILTON'], account: '6400', sign: -1, min: 60, max: 500, perMonth: 1 },
    ],
  },
  {
    slug: 'contreras-re',
    name: 'Contreras RE Group',
    industry: 'real_estate',
    openingCents: 3_100_000,
    vendors: [
      ...OFFICE,
      ONE_OFFS,
      {
        names: ['TITLE FIRST AGENCY COMM ######', 'CINCINNATI TITLE COMMISSION', 'FIRST AMERICAN TITLE ######'],
        account: '4000',
        sign: 1,
        min: 3500,
        max: 18000,
        perMonth: 2.2,
        season: HOUSING,
      },
      { names: ['APPFOLIO RENT DEPOSIT ######', 'ZILLOW RENTAL PMT ######'], account: '4100', sign: 1, min: 1100, max: 2400, perMonth: 3, fixed: true },
      { names: ['CINCY MLS DUES', 'CINCINNATI AREA BOARD OF REALTORS', 'ZILLOW PREMIER AGENT'], account: '6510', sign: -1, min: 90, max: 850, perMonth: 1.3 },
      { names: ['HOME DEPOT #### ', 'LOWES #####', 'ROTO-ROOTER #####'], account: '6410', sign: -1, min: 40, max: 1200, perMonth: 3, season: HOUSING },
      { names: ['REFERRAL FEE TO KW ######', 'REDFIN REFERRAL ######'], account: '5000', sign: -1, min: 500, max: 3000, perMonth: 0.6, season: HOUSING },
      { names: ['VISTAPRINT ######', 'FACEBK *@@@@@@@@@@'], account: '6500', sign: -1, min: 30, max: 400, perMonth: 1.5 },
      { names: ['SHELL OIL ##########', 'SPEEDWAY #####'], account: '6960', sign: -1, min: 30, max: 75, perMonth: 3 },
      { names: ['KEMBA LOAN PMT ######'], account: '2200', sign: -1, min: 1250, max: 1250, perMonth: 1, fixed: true },
    ],
  },
  {
    slug: 'midwest-accounting',
    name: 'Midwest Accounting',
    industry: 'accounting_practice',
    openingCents: 5_500_000,
    vendors: [
      ...OFFICE,
      ONE_OFFS,
      { names: ['ACH CREDIT CLIENT PMT ######', 'BILL.COM RECEIVABLE ######'], account: '4000', sign: 1, min: 450, max: 2500, perMonth: 6 },
      {
        names: ['INTUIT PAYMENTS TAX PREP ######', 'STRIPE TAXPREP ######'],
        account: '4100',
        sign: 1,
        min: 250,
        max: 1800,
        perMonth: 3,
        season: [1.5, 2.5, 3.5, 3, 0.6, 0.3, 0.3, 0.3, 0.8, 1, 0.4, 0.4],
      },
      { names: ['THOMSON REUTERS TAX ######', 'DRAKE SOFTWARE', 'CANOPY TAX', 'KARBON HQ'], account: '6300', sign: -1, min: 60, max: 900, perMonth: 2.5 },
      { names: ['AICPA DUES', 'OHIO SOCIETY OF CPAS'], account: '6320', sign: -1, min: 150, max: 520, perMonth: 0.3 },
      { names: ['BECKER CPE ######', 'SURGENT CPE'], account: '6310', sign: -1, min: 79, max: 399, perMonth: 0.4 },
      { names: ['CAREW TOWER LLC RENT'], account: '6000', sign: -1, min: 2800, max: 2800, perMonth: 1, fixed: true },
      { names: ['GUSTO NET PAY ######', 'GUSTO PAYROLL ######'], account: '6200', sign: -1, min: 6000, max: 9000, perMonth: 2 },
      { names: ['GUSTO TAX ######'], account: '6210', sign: -1, min: 1100, max: 1900, perMonth: 2 },
    ],
  },
];
