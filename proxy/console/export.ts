/**
 * The console's export as a seller opens it in Excel: the columns and the states in the console's language, times in
 * Bangkok with the zone named in the column, amounts as plain numbers, and a buyer's phone written so that Excel keeps
 * its leading 0. The first column stays `id_pay` in either language: the one a sheet matches its rows by.
 */
import { EXPORT_COLUMNS } from '../../contract/console.ts';
import type { BillStatus, BillSummary } from '../../contract/http.ts';
import { ORDER_COLUMNS, orderCells } from '../../contract/order.ts';
import type { CsvCell } from '../csv.ts';
import { bangkokTime } from '../time.ts';
import type { Lang } from './console.ts';

type Column = (typeof EXPORT_COLUMNS)[number];

interface ExportTexts {
  columns: Record<Exclude<Column, 'id_pay'>, string>;
  status: Record<BillStatus, string>;
  resolvedBy: Record<NonNullable<BillSummary['resolvedBy']>, string>;
  yes: string;
  no: string;
}

const ZONE = '(Asia/Bangkok)';

const TEXTS: Record<Lang, ExportTexts> = {
  th: {
    columns: {
      ref1: 'เลขอ้างอิง',
      title: 'รายการ',
      amount: 'จำนวนเงิน (บาท)',
      status: 'สถานะ',
      created: `เวลาสร้างบิล ${ZONE}`,
      paid: `เวลาชำระ ${ZONE}`,
      late: 'ชำระหลังหมดเวลา',
      resolved_by: 'ผลตรวจสอบโดย',
      link: 'ลิงก์',
      sandbox: 'บิลจำลอง',
      items: 'สินค้า',
      name: 'ชื่อผู้ซื้อ',
      phone: 'เบอร์มือถือ',
      address: 'ที่อยู่จัดส่ง',
      note: 'หมายเหตุ',
    },
    status: { pending: 'รอชำระ', paid: 'ชำระแล้ว', expired: 'หมดอายุ', cancelled: 'ยกเลิก', needs_review: 'รอตรวจสอบ' },
    resolvedBy: { merchant: 'ร้านค้า', upstream: 'แม่มณี' },
    yes: 'ใช่',
    no: 'ไม่ใช่',
  },
  en: {
    columns: {
      ref1: 'Reference',
      title: 'Description',
      amount: 'Amount (THB)',
      status: 'Status',
      created: `Created ${ZONE}`,
      paid: `Paid at ${ZONE}`,
      late: 'Paid late',
      resolved_by: 'Review settled by',
      link: 'Link',
      sandbox: 'Sandbox',
      items: 'Items',
      name: 'Buyer name',
      phone: 'Mobile number',
      address: 'Delivery address',
      note: 'Note',
    },
    status: { pending: 'Pending', paid: 'Paid', expired: 'Expired', cancelled: 'Cancelled', needs_review: 'Needs review' },
    resolvedBy: { merchant: 'Shop', upstream: 'Mae Manee' },
    yes: 'yes',
    no: 'no',
  },
};

/** The export's first row in `lang`. */
export const exportHeader = (lang: Lang): string[] => EXPORT_COLUMNS.map((column) => (column === 'id_pay' ? column : TEXTS[lang].columns[column]));

/**
 * A mobile number as `081-234-5678`: Excel reads ten bare digits as a number and drops the 0, and a leading `'` or
 * `="…"` shows in other programs or is a formula. Anything else a buyer's phone may hold is left as it is.
 */
export const phoneText = (phone: string | undefined) => (phone && /^0\d{9}$/.test(phone) ? `${phone.slice(0, 3)}-${phone.slice(3, 6)}-${phone.slice(6)}` : phone);

/** A bill's row under `exportHeader(lang)`, titled `title` (its link's description, else its reference). */
export function exportCells(bill: BillSummary, title: string, lang: Lang): CsvCell[] {
  const t = TEXTS[lang];
  const yesNo = (value: boolean) => (value ? t.yes : t.no);
  return [
    bill.id,
    bill.ref1,
    title,
    bill.amount.toFixed(2),
    t.status[bill.status],
    bangkokTime(Date.parse(bill.createdAt)),
    bill.paidAt === null ? null : bangkokTime(Date.parse(bill.paidAt)),
    yesNo(bill.late),
    bill.resolvedBy ? t.resolvedBy[bill.resolvedBy] : null,
    bill.link,
    yesNo(bill.sandbox),
    ...orderCells(bill.order).map((cell, i) => (ORDER_COLUMNS[i] === 'phone' ? phoneText(cell) : cell)),
  ];
}
