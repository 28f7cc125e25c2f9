/** What the console's server says to a seller, in Thai and English: the review hint of a bill whose outcome is unknown. */
import type { BillSummary } from '../../contract/http.ts';
import { bangkokTime } from '../time.ts';
import type { Lang } from './console.ts';

const baht = (amount: number) => `฿${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** What to look for in the Mae Manee app: the amount, the reference and the bill's payable window, in Bangkok time. */
export const REVIEW_HINT: Record<Lang, (bill: BillSummary) => string> = {
  th: (b) =>
    `ระบบไม่ทราบผลการยืนยันบิลนี้ เปิดแอปแม่มณี แล้วดูว่ามีรายการรับเงิน ${baht(b.amount)} อ้างอิง ${b.ref1} ` +
    `ระหว่าง ${bangkokTime(Date.parse(b.createdAt))} ถึง ${bangkokTime(Date.parse(b.expiresAt))} (เวลาไทย) หรือไม่ ` +
    `ถ้ามี ให้บันทึกว่าได้รับเงินแล้ว ถ้าไม่มี ให้บันทึกว่าไม่ได้รับเงิน`,
  en: (b) =>
    `The proxy never learnt how this bill's confirmation ended. Open the Mae Manee app and look for a payment of ${baht(b.amount)} ` +
    `with reference ${b.ref1} between ${bangkokTime(Date.parse(b.createdAt))} and ${bangkokTime(Date.parse(b.expiresAt))} (Bangkok time). ` +
    `If it is there, record it as paid; if not, as not paid.`,
};
