/** The hosted pay page's own texts (the element inside it has its own), in Thai and English. */
export const PAGE_TEXTS = {
  th: {
    payment: 'ชำระเงินด้วยพร้อมเพย์',
    paid: 'ชำระเงินเรียบร้อย',
    ref: 'อ้างอิง',
    paidAt: 'ชำระเมื่อ',
    expired: 'ลิงก์ชำระเงินนี้หมดอายุแล้ว',
    disabled: 'ร้านค้าปิดลิงก์ชำระเงินนี้แล้ว',
    notFound: 'ไม่พบลิงก์ชำระเงินนี้',
    askShop: 'หากยังต้องการชำระเงิน กรุณาติดต่อร้านค้าเพื่อขอลิงก์ใหม่',
    external: 'เปิดในเบราว์เซอร์ของโทรศัพท์ เพื่อบันทึก QR ลงรูปภาพได้',
    externalReceipt: 'เปิดในเบราว์เซอร์ของโทรศัพท์ เพื่อบันทึกหรือพิมพ์ใบเสร็จได้',
    sandbox: 'โหมดทดสอบ: ไม่มีเงินจริงเคลื่อนไหว',
    secure: 'ชำระผ่านแม่มณีของร้านค้าโดยตรง',
    items: 'สินค้า',
    each: 'ชิ้นละ {price}',
    quantity: 'จำนวน',
    fewer: 'ลด {name} หนึ่งชิ้น',
    more: 'เพิ่ม {name} หนึ่งชิ้น',
    details: 'ข้อมูลผู้ซื้อ',
    optional: '(ไม่บังคับ)',
    field: { name: 'ชื่อ', phone: 'เบอร์มือถือ', address: 'ที่อยู่จัดส่ง', note: 'หมายเหตุถึงร้าน' },
    phoneHint: 'เช่น 081 234 5678',
    total: 'ยอดรวม',
    payNow: 'ชำระ {amount} ด้วยพร้อมเพย์',
    yourOrder: 'คำสั่งซื้อของคุณ',
    heldUntil: 'สงวนสินค้าไว้ให้คุณถึง {time} น.',
    receipt: 'ดูใบเสร็จรับเงิน',
    again: 'สั่งซื้ออีกครั้ง',
    soldOut: 'ขายหมดแล้ว',
    soldOutHeld: 'มีผู้ซื้อกำลังชำระเงินอยู่ หากไม่ชำระ สินค้าอาจว่างอีกครั้งในไม่กี่นาที',
    errors: {
      field_required: 'กรุณากรอกช่องนี้',
      invalid_phone: 'เบอร์มือถือคือตัวเลข 10 หลัก ขึ้นต้นด้วย 06 08 หรือ 09',
      invalid_field: 'ยาวเกินไป หรือมีอักขระที่ใช้ไม่ได้',
      invalid_quantity: 'เลือกจำนวนตามที่ร้านกำหนด',
      fix: 'กรุณาแก้ไขช่องที่แจ้งไว้ด้านบน',
      unknown_item: 'หน้านี้ไม่ตรงกับลิงก์แล้ว กรุณาโหลดหน้าใหม่',
      unknown_field: 'หน้านี้ไม่ตรงกับลิงก์แล้ว กรุณาโหลดหน้าใหม่',
      invalid_amount: 'ยอดรวมนี้อยู่นอกช่วงที่ร้านรับชำระได้ กรุณาติดต่อร้านค้า',
      sold_out: 'ขายหมดแล้ว',
      link_closed: 'ลิงก์ชำระเงินนี้ปิดแล้ว',
      rate_limited: 'ลองหลายครั้งเกินไป กรุณารอสักครู่',
      network: 'เชื่อมต่อไม่ได้ กรุณาลองอีกครั้ง',
      other: 'เกิดข้อผิดพลาด กรุณาลองอีกครั้ง',
    },
    saveImage: 'บันทึกเป็นรูปภาพ',
    print: 'พิมพ์',
  },
  en: {
    payment: 'PromptPay payment',
    paid: 'Payment received',
    ref: 'Reference',
    paidAt: 'Paid',
    expired: 'This pay link has expired',
    disabled: 'The shop has closed this pay link',
    notFound: 'No such pay link',
    askShop: 'To pay, ask the shop for a new link',
    external: "Open in your phone's browser to save the QR to Photos",
    externalReceipt: "Open in your phone's browser to save or print the receipt",
    sandbox: 'Sandbox: no real money moves',
    secure: "Paid straight into the shop's Mae Manee account",
    items: 'Items',
    each: '{price} each',
    quantity: 'Quantity',
    fewer: 'One fewer {name}',
    more: 'One more {name}',
    details: 'Your details',
    optional: '(optional)',
    field: { name: 'Name', phone: 'Mobile number', address: 'Delivery address', note: 'Note to the shop' },
    phoneHint: 'Like 081 234 5678',
    total: 'Total',
    payNow: 'Pay {amount} with PromptPay',
    yourOrder: 'Your order',
    heldUntil: 'Held for you until {time}',
    receipt: 'View receipt',
    again: 'Order again',
    soldOut: 'Sold out',
    soldOutHeld: 'Some are being paid for right now: if a payment is not made, one may come free within a few minutes',
    errors: {
      field_required: 'Please fill this in',
      invalid_phone: 'A mobile number is 10 digits starting 06, 08 or 09',
      invalid_field: 'Too long, or has characters that cannot be used',
      invalid_quantity: 'Pick a quantity the shop allows',
      fix: 'Please correct the fields marked above',
      unknown_item: 'This page no longer matches the link: please reload it',
      unknown_field: 'This page no longer matches the link: please reload it',
      invalid_amount: 'This total is outside what the shop can take: please ask the shop',
      sold_out: 'Sold out',
      link_closed: 'This pay link is closed',
      rate_limited: 'Too many tries. Please wait a moment',
      network: 'Cannot connect. Please try again',
      other: 'Something went wrong. Please try again',
    },
    saveImage: 'Save as image',
    print: 'Print',
  },
};

export type PageLang = keyof typeof PAGE_TEXTS;

/** A text with its `{name}`s filled in. */
export const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

/**
 * The receipt's own words, in both languages at once, as a Thai receipt is written: whoever reads it, and whatever
 * language the page is in.
 */
export const RECEIPT_TEXTS = {
  title: 'ใบเสร็จรับเงิน / Receipt',
  item: 'รายการ / Item',
  quantity: 'จำนวน / Qty',
  amount: 'จำนวนเงิน / Amount',
  total: 'รวมทั้งสิ้น / Total',
  buyer: 'ผู้ซื้อ / Buyer',
  paidAt: 'วันที่ชำระ / Paid',
  method: 'ชำระด้วย / Paid by',
  promptPay: 'พร้อมเพย์ ผ่านแม่มณี / PromptPay via Mae Manee',
  reference: 'เลขอ้างอิงแม่มณี / Mae Manee reference',
  notTaxInvoice: 'เอกสารนี้ไม่ใช่ใบกำกับภาษี / This is not a tax invoice',
  sandbox: 'โหมดทดสอบ ไม่มีเงินจริงเคลื่อนไหว / Sandbox: no real money moved',
  late: 'ชำระหลัง QR หมดอายุ / Paid after the QR expired',
};

/**
 * The page's language: `?lang=` when given, else the seller's choice for the link, else the browser's first
 * preference between Thai and English, else Thai.
 */
export function pageLang(query: string | undefined, linkLang: PageLang | null | undefined, acceptLanguage: string | undefined): PageLang {
  if (query === 'th' || query === 'en') return query;
  if (linkLang) return linkLang;
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { lang: tag.split('-')[0], q: q === undefined ? 1 : Number(q) };
    })
    .filter((l) => (l.lang === 'th' || l.lang === 'en') && l.q > 0)
    .sort((a, b) => b.q - a.q)[0];
  return (preferred?.lang as PageLang | undefined) ?? 'th';
}
