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
    sandbox: 'โหมดทดสอบ: ไม่มีเงินจริงเคลื่อนไหว',
    secure: 'ชำระผ่านแม่มณีของร้านค้าโดยตรง',
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
    sandbox: 'Sandbox: no real money moves',
    secure: "Paid straight into the shop's Mae Manee account",
  },
};

export type PageLang = keyof typeof PAGE_TEXTS;

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
