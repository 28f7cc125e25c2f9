/**
 * The owner's views, loaded once an owner is signed in (`<maemanee-console>` imports this chunk and calls
 * `defineOwnerViews`: a call, not an import for its effects, which package.json's `sideEffects` would let a bundler drop).
 */
import { define } from './define.ts';
import { ExportView } from './views/export.ts';
import { HealthView } from './views/health.ts';
import { LinksView } from './views/links.ts';
import { PaymentView } from './views/payment.ts';
import { PaymentsView } from './views/payments.ts';
import { ReviewView } from './views/review.ts';
import { SharePanel } from './views/share-panel.ts';
import { StaffView } from './views/staff.ts';

export const defineOwnerViews = () =>
  define({
    'console-links': LinksView,
    'console-share': SharePanel,
    'console-payments': PaymentsView,
    'console-payment': PaymentView,
    'console-review': ReviewView,
    'console-export': ExportView,
    'console-health': HealthView,
    'console-staff': StaffView,
  });
