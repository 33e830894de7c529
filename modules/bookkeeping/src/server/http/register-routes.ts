import type { App, Platform } from '@tessera/core';
import { registerCompanyRoutes } from '../companies/company-routes.ts';
import { registerCompanyUserRoutes } from '../companies/company-user-routes.ts';
import { registerImportRoutes } from '../import/import-routes.ts';
import { registerLedgerRoutes } from '../ledger/ledger-routes.ts';
import { registerReconcileRoutes } from '../reconcile/reconcile-routes.ts';
import { registerReportRoutes } from '../reports/report-routes.ts';
import { registerReviewRoutes } from '../review/review-routes.ts';
import { registerRuleRoutes } from '../rules/rule-routes.ts';

export async function registerBookkeepingRoutes(app: App, platform: Platform): Promise<void> {
  registerCompanyRoutes(app, platform);
  registerCompanyUserRoutes(app, platform);
  registerImportRoutes(app, platform);
  registerReviewRoutes(app, platform);
  registerRuleRoutes(app, platform);
  registerLedgerRoutes(app, platform);
  registerReconcileRoutes(app, platform);
  registerReportRoutes(app, platform);
}
