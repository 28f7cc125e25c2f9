/**
 * Every page of the docs site but the two home pages, once, with its title in both languages: the config's sidebars
 * come from here, and the suite checks that each page exists in English and in Thai.
 */
export type Page = [path: string, en: string, th: string];

export const SECTIONS: { en: string; th: string; pages: Page[] }[] = [
  {
    en: 'Guides',
    th: 'คู่มือ',
    pages: [
      ['go-live', 'Go live', 'เริ่มรับเงินจริง'],
      ['page', 'Put it on a page', 'วางบนหน้าเว็บ'],
      ['pay-links', 'Pay links', 'ลิงก์ชำระเงิน'],
      ['console', 'The console', 'ระบบร้านค้า (console)'],
      ['server', 'Your server', 'เซิร์ฟเวอร์ของร้าน'],
      ['deploy-workers', 'Deploy on Workers', 'ติดตั้งบน Cloudflare Workers'],
      ['deploy-node', 'Deploy on Node', 'ติดตั้งบน Node'],
      ['command', 'The command', 'คำสั่ง maemanee-pay'],
      ['sandbox', 'Sandbox', 'ระบบจำลอง (sandbox)'],
    ],
  },
  {
    en: 'Reference',
    th: 'ข้อมูลอ้างอิง',
    pages: [
      ['reference/element', 'Element API', 'API ของ element'],
      ['reference/http-api', 'HTTP API', 'HTTP API'],
      ['reference/configuration', 'Configuration', 'การตั้งค่า'],
      ['reference/events', 'Events and webhooks', 'เหตุการณ์และ webhook'],
      ['reference/security', 'Security model', 'ความปลอดภัย'],
    ],
  },
  {
    en: 'Inside',
    th: 'เบื้องหลัง',
    pages: [
      ['architecture', 'Architecture', 'สถาปัตยกรรม'],
      ['performance', 'Performance', 'ประสิทธิภาพ'],
      ['scaling', 'Scaling', 'การขยายระบบ'],
      ['development', 'Development', 'การพัฒนา'],
      ['faq', 'FAQ', 'คำถามที่พบบ่อย'],
    ],
  },
];
