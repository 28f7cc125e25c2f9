/**
 * What `link`, `console`, `payments`, `events`, `verify` and `migrate` say to a person, in English and Thai. Names the merchant types or a program
 * reads (ref1, event types, the command lines to run next) stay as they are in both.
 */
import type { BillStatus, BuyerFieldKey } from '../contract/http.ts';
import type { Lang } from './format.ts';

/** A bill as `verify` shows what was signed of it: the amount as baht, the paid time in the zone shown. */
export interface BillFacts {
  id: string;
  ref1: string;
  amount: string;
  paidAt?: string;
  zone: string;
  late?: boolean;
  link?: string | null;
  sandbox?: boolean;
}

const en = {
  bill: 'id',
  ref1: 'ref1',
  amount: 'amount',
  status: 'status',
  created: (zone: string) => `created (${zone})`,
  paidAt: (zone: string) => `paid (${zone})`,
  late: 'late',
  link: 'link',
  sandbox: 'sandbox',
  eventTime: (zone: string) => `created (${zone})`,
  eventType: 'type',
  statuses: { pending: 'pending', paid: 'paid', expired: 'expired', cancelled: 'cancelled', needs_review: 'needs review' } satisfies Record<BillStatus, string>,
  yes: 'yes',
  noBills: 'no bills',
  morePayments: (command: string) => `more: ${command}`,
  noEvents: 'no events',
  nextEvents: (command: string) => `next: ${command}`,
  watching: 'watching for events (Ctrl-C to stop)',
  noEventsYet: 'no events yet',
  unreachable: (why: string) => `cannot reach the proxy now (${why}); trying again`,
  noConnection: 'no connection',
  openUntil: (ref1: string, time: string, zone: string) => `ref1 ${ref1}, open until ${time} (${zone})`,
  signInOnce: (role: 'owner' | 'staff', name: string | null, time: string, zone: string) =>
    `sign-in link (${name === null ? role : `${role}: ${name}`}): signs in once, until ${time} (${zone})`,
  billFacts: (f: BillFacts) =>
    `bill ${f.id}, ref1 ${f.ref1}, ${f.amount}${f.paidAt ? `, paid ${f.paidAt} (${f.zone})` : ''}${f.late ? ', late' : ''}${f.link ? `, link ${f.link}` : ''}${f.sandbox ? ' (sandbox: no money moved)' : ''}`,
  validReceipt: (facts: string) => `valid receipt: ${facts}`,
  validWebhook: (signer: string, what: string) => `valid webhook, signed with ${signer}: ${what}`,
  eventOf: (type: string, facts: string) => `${type} of ${facts}`,
  testDelivery: (type: string) => `${type} (a test delivery: acknowledge it and do nothing)`,
  publicWebhookSecret: "the sandbox's public webhook secret",
  order: 'order',
  fieldNames: { name: 'name', phone: 'phone', address: 'address', note: 'note' } satisfies Record<BuyerFieldKey, string>,
  required: 'required',
  asks: (fields: string) => `asks the buyer for: ${fields}`,
  reusable: (limit: number | null) => (limit === null ? 'many buyers, no limit' : `many buyers, at most ${limit} paid orders`),
  copyHeads: ['table', 'in source', 'copied', 'in target'],
  ledgerReady: (ledger: string, schema: number) => `${ledger}: schema ${schema}, ready`,
  ledgerCopied: (from: string, to: string, schema: number) => `copied ${from} into ${to} (schema ${schema}): every row counted on both sides`,
};

export type CliTexts = typeof en;

const th: CliTexts = {
  bill: 'บิล',
  ref1: 'ref1',
  amount: 'ยอด',
  status: 'สถานะ',
  created: (zone) => `สร้างเมื่อ (${zone})`,
  paidAt: (zone) => `ชำระเมื่อ (${zone})`,
  late: 'ชำระช้า',
  link: 'ลิงก์',
  sandbox: 'ทดสอบ',
  eventTime: (zone) => `เวลา (${zone})`,
  eventType: 'เหตุการณ์',
  statuses: { pending: 'รอชำระ', paid: 'ชำระแล้ว', expired: 'หมดอายุ', cancelled: 'ยกเลิกแล้ว', needs_review: 'ต้องตรวจสอบ' },
  yes: 'ใช่',
  noBills: 'ไม่มีบิล',
  morePayments: (command) => `ดูต่อ: ${command}`,
  noEvents: 'ไม่มีเหตุการณ์',
  nextEvents: (command) => `ครั้งต่อไป: ${command}`,
  watching: 'กำลังรอเหตุการณ์ใหม่ (กด Ctrl-C เพื่อหยุด)',
  noEventsYet: 'ยังไม่มีเหตุการณ์',
  unreachable: (why) => `ติดต่อ proxy ไม่ได้ขณะนี้ (${why}) กำลังลองใหม่`,
  noConnection: 'เชื่อมต่อไม่ได้',
  openUntil: (ref1, time, zone) => `ref1 ${ref1} ชำระได้ถึง ${time} (${zone})`,
  signInOnce: (role, name, time, zone) => {
    const who = role === 'owner' ? 'เจ้าของร้าน' : 'พนักงาน';
    return `ลิงก์เข้าสู่ระบบ (${name === null ? who : `${who}: ${name}`}) ใช้ได้ครั้งเดียว ถึง ${time} (${zone})`;
  },
  billFacts: (f) =>
    `บิล ${f.id} ref1 ${f.ref1} ยอด ${f.amount}${f.paidAt ? ` ชำระเมื่อ ${f.paidAt} (${f.zone})` : ''}${f.late ? ' ชำระช้า' : ''}${f.link ? ` ลิงก์ ${f.link}` : ''}${f.sandbox ? ' (ทดสอบ: ไม่มีการโอนเงินจริง)' : ''}`,
  validReceipt: (facts) => `ใบเสร็จถูกต้อง: ${facts}`,
  validWebhook: (signer, what) => `webhook ถูกต้อง เซ็นด้วย ${signer}: ${what}`,
  eventOf: (type, facts) => `${type} ของ${facts}`,
  testDelivery: (type) => `${type} (การส่งทดสอบ: ตอบรับแล้วไม่ต้องทำอะไร)`,
  publicWebhookSecret: 'รหัสลับ webhook สาธารณะของ sandbox',
  order: 'คำสั่งซื้อ',
  fieldNames: { name: 'ชื่อ', phone: 'เบอร์มือถือ', address: 'ที่อยู่', note: 'หมายเหตุ' },
  required: 'จำเป็น',
  asks: (fields) => `ถามผู้ซื้อ: ${fields}`,
  reusable: (limit) => (limit === null ? 'ผู้ซื้อหลายคน ไม่จำกัดจำนวน' : `ผู้ซื้อหลายคน ขายได้ไม่เกิน ${limit} รายการ`),
  copyHeads: ['ตาราง', 'ในต้นทาง', 'คัดลอก', 'ในปลายทาง'],
  ledgerReady: (ledger, schema) => `${ledger}: schema ${schema} พร้อมใช้`,
  ledgerCopied: (from, to, schema) => `คัดลอก ${from} ไปยัง ${to} แล้ว (schema ${schema}): นับแถวทุกตารางทั้งสองฝั่งตรงกัน`,
};

export const CLI_TEXTS: Record<Lang, CliTexts> = { en, th };
