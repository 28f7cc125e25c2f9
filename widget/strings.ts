/** Every text the element shows, as [Thai, English]. `{name}` is filled in at render time. */
const TEXTS = {
  pay: ['ชำระด้วยพร้อมเพย์', 'Pay with PromptPay'],
  creating: ['กำลังสร้าง QR…', 'Creating QR…'],
  scan: ['สแกนเพื่อชำระเงิน', 'Scan to pay'],
  step1: ['เปิดแอปธนาคารหรือวอลเล็ต', 'Open your bank or wallet app'],
  step2: ['สแกน QR หรือเลือกรูป QR ที่บันทึกไว้', 'Scan the QR, or pick the saved QR image'],
  step3: ['โอน {amount} ให้ตรงยอด', 'Transfer exactly {amount}'],
  check: ['ชำระแล้ว ตรวจสอบเลย', 'I have paid, check now'],
  checking: ['กำลังตรวจสอบ…', 'Checking…'],
  notYet: ['ยังไม่พบการชำระเงิน', 'No payment found yet'],
  save: ['บันทึกรูป QR', 'Save QR image'],
  open: ['เปิดหน้าชำระเงิน', 'Open payment page'],
  left: ['เหลือเวลา {time}', '{time} left'],
  ref: ['อ้างอิง {ref}', 'Reference {ref}'],
  qrAlt: ['QR พร้อมเพย์ {amount} เหลือเวลา {time}', 'PromptPay QR for {amount}, {time} left'],
  minutes: ['เหลือ {n} นาที', '{n} minutes left'],
  seconds: ['เหลือ {n} วินาที', '{n} seconds left'],
  paid: ['ชำระเงินเรียบร้อย', 'Payment received'],
  expired: ['QR หมดอายุแล้ว', 'This QR has expired'],
  again: ['สร้าง QR ใหม่', 'Create a new QR'],
  cancelled: ['ยกเลิกรายการแล้ว', 'Payment cancelled'],
  network: ['เชื่อมต่อไม่ได้ กรุณาลองใหม่', 'Cannot connect. Please try again'],
  unavailable: ['ระบบชำระเงินขัดข้อง กรุณาลองใหม่', 'Payment service unavailable. Please try again'],
  busy: ['ทำรายการถี่เกินไป กรุณารอสักครู่', 'Too many attempts. Please wait'],
  setup: ['ตั้งค่าไม่ถูกต้อง: {detail}', 'Payment set-up problem: {detail}'],
  retry: ['ลองใหม่', 'Try again'],
};

export type Strings = Record<keyof typeof TEXTS, string>;
export type Lang = 'th' | 'en';

export function strings(lang: Lang): Strings {
  return Object.fromEntries(Object.entries(TEXTS).map(([key, pair]) => [key, pair[+(lang === 'en')]])) as Strings;
}

export function format(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name) => `${values[name]}`);
}

/** The element's own `lang`, else the closest `lang` in the page, else Thai. */
export function pickLang(element: HTMLElement): Lang {
  return /^en/i.test(element.lang || element.closest('[lang]')?.getAttribute('lang') || '') ? 'en' : 'th';
}
