/**
 * Every sentence of the doctor's report, in English and Thai: a Thai merchant reads it, and pastes it into a support
 * chat that may be in either language. Names the merchant types (TMWEASY_USER, con_id, MAEMANEE_SECRET), field names
 * and the upstream's own words stay as they are in both.
 */

import type { UpstreamFault } from '../../proxy/upstream/parse.ts';

/** What the proxy accepts in an answer's field (see shapes.ts), in words. */
export type ExpectKey = 'status' | 'text' | 'id' | 'amount' | 'timeOut' | 'payUrl' | 'qr';

const enEndpoints = (n: number[]) => (n.length === 1 ? `endpoint ${n[0]}` : `endpoints ${n.slice(0, -1).join(', ')} and ${n.at(-1)}`);
const thEndpoints = (n: number[]) => `ปลายทาง ${n.length === 1 ? n[0] : `${n.slice(0, -1).join(', ')} และ ${n.at(-1)}`}`;

const en = {
  expect: {
    status: (values: number[]) => `${values.join(' or ')}, as a number or a numeric string`,
    text: () => 'a string',
    id: () => 'digits, as a string or a number',
    amount: () => 'baht above 0, as a number or a numeric string',
    timeOut: () => 'whole seconds left, negative once expired',
    payUrl: () => 'the bill page, an https URL',
    qr: () => 'a PNG in base64, with or without a data: prefix',
  } satisfies Record<ExpectKey, (values: number[]) => string>,
  notRead: 'not read by the proxy',
  missing: 'missing',
  expects: (what: string) => `the proxy expects ${what}`,
  doesWithout: (what: string) => `missing: the proxy expects ${what}, and does without it`,
  allGood: 'All good.',
  counts: (problems: number, warnings: number) =>
    `${problems} problem${problems === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,

  settings: 'Settings',
  sandboxMode: 'SANDBOX mode: no tmweasy credentials are set, so the proxy would run its simulator (no real money)',
  liveMode: (user: number, password: number, conId: number) =>
    `LIVE mode: TMWEASY_USER (${user} characters), TMWEASY_PASSWORD (${password}), TMWEASY_CON_ID (${conId})`,
  upstreamHosts: (hosts: string[]) => `upstream: ${hosts.map((h, i) => `host ${i + 1} ${h}`).join(', ')}`,
  sandboxClaims: "these are the sandbox's published credentials: receipts will say sandbox",
  amounts: (min: number, max: number, ordersOnly: boolean, db: string) =>
    `amounts ฿${min} to ฿${max}${ordersOnly ? ', signed orders only' : ''}; ledger ${db}`,
  noPaymentTried: 'no payment tried: no upstream host accepts the credentials',

  upstream: 'Upstream (tmweasy api_mn.php)',
  fault: (fault: UpstreamFault) => fault.message,
  host: (n: number, host: string) => `host ${n} ${host}`,
  after: (ms: number) => `after ${ms} ms`,
  answeredIn: (name: string, ms: number) => `${name} answered in ${ms} ms`,
  slow: ': slow; the customer waits this long for a QR',
  notTmweasy: (name: string) => `${name} answered status 1 for a bill that cannot exist (id_pay 0): not the tmweasy API the proxy knows`,
  itsAnswer: 'its answer',
  cannotTell: (name: string) => `${name}: cannot tell whether it accepts your credentials: its refusals carry no msg to tell them apart`,
  loginRefused: (name: string, said: string) =>
    `${name} refuses your username or password: it answers ${said}, as it does a made-up login (check TMWEASY_USER and TMWEASY_PASSWORD)`,
  conIdRefused: (name: string, said: string) => `${name} refuses your con_id: it answers ${said}, as it does a made-up con_id (check TMWEASY_CON_ID)`,
  accepted: (name: string, said: string, madeUp: string) =>
    `${name} accepts your credentials and con_id: a bill that does not exist gets ${said}; a made-up login gets ${madeUp}`,
  refusalShape: "the answer's shape (detail_pay, refused)",
  oneHostOnly: 'only one host works: the proxy has no second host to fail over to',
  noMsg: '(no msg)',

  secrets: 'Secrets',
  sandboxSecret: "MAEMANEE_SECRET: the sandbox's public one (set your own before going live: maemanee-pay secret)",
  secretReused: (shown: string) => `MAEMANEE_SECRET ${shown} is also used as another secret: each secret must be its own`,
  secretNotRandom: (shown: string, distinct: number) =>
    `MAEMANEE_SECRET ${shown}: only ${distinct} different characters, not a random string (maemanee-pay secret makes one)`,
  secretWeak: (shown: string, length: number, bits: number) =>
    `MAEMANEE_SECRET ${shown}: ${length} characters, at most about ${bits} bits; 128 or more is safe (maemanee-pay secret makes one)`,
  secretStrong: (shown: string, length: number, bits: number) => `MAEMANEE_SECRET ${shown}: ${length} characters, up to about ${bits} bits`,
  webhookSecretOk: (name: string, shown: string, bytes: number, endpoints: number[]) => `${name} ${shown}: ${bytes} bytes; signs for ${enEndpoints(endpoints)}`,
  webhookSecretShort: (name: string, shown: string, bytes: number, endpoints: number[]) =>
    `${name} ${shown}: ${bytes} bytes, where 32 is usual (maemanee-pay secret --webhook); signs for ${enEndpoints(endpoints)}`,
  sandboxWebhookSecret: (endpoints: number[]) => `the sandbox's public webhook secret: signs for ${enEndpoints(endpoints)}`,
  webhookSecretNoEndpoint: (name: string, n: number) => `${name} signs for nothing: there is no endpoint ${n} in MAEMANEE_WEBHOOK_URL`,
  webhookSecretAllOwn: 'MAEMANEE_WEBHOOK_SECRET signs for nothing: every endpoint has its own MAEMANEE_WEBHOOK_SECRET_<n>',
  webhookSecretNoUrl: 'MAEMANEE_WEBHOOK_SECRET signs for nothing: MAEMANEE_WEBHOOK_URL is not set (maemanee-pay verify checks with it still)',

  origins: 'Who may call the proxy',
  anyOrigin: 'any origin (sandbox mode with no MAEMANEE_ALLOWED_ORIGINS)',
  noOrigin: 'no origin: no web page can take a payment (set MAEMANEE_ALLOWED_ORIGINS to your shop, e.g. https://shop.example.com)',
  loopbackOnly: ': this machine only, a page for testing',
  plainHttp: (origin: string) => `${origin}: plain http, so anyone on the customer's network can change the page; use https`,
  publicUrl: (url: string) => `MAEMANEE_PUBLIC_URL ${url}: pay links point here`,
  linksAnyBase: 'MAEMANEE_PUBLIC_URL is not set: pay links point at the URL they are made through',
  linksAllowedBase: (origins: string[]) =>
    `MAEMANEE_PUBLIC_URL is not set: a pay link points at the URL it was made through, which must be one of the allowed origins (${origins.join(', ')}); set it to the URL customers reach the proxy at`,
  linksNoOrigin: 'MAEMANEE_PUBLIC_URL is not set and no origin is allowed: no pay link can be made (set it to the URL customers reach the proxy at)',
  linksThrough: (endpoint: string) => `pay links made through ${endpoint} point there`,
  linksRefused: (endpoint: string, origin: string) =>
    `a pay link made through ${endpoint} is refused (409 public_url_required): add ${origin} to MAEMANEE_ALLOWED_ORIGINS, or set MAEMANEE_PUBLIC_URL`,

  webhooks: 'Webhooks',
  noWebhook: 'no MAEMANEE_WEBHOOK_URL: your server hears of a payment only from the browser (a receipt) or by asking (GET /v1/events)',
  endpoint: (n: number, url: string) => `endpoint ${n} ${url}`,
  acknowledged: (name: string, ms: number) => `${name} acknowledged a signed test delivery in ${ms} ms`,
  webhookRefused: (name: string, error: string, secretNames: string) =>
    `${name} refused a signed test delivery (${error}): does it verify with ${secretNames}, and acknowledge sandbox events?`,
  or: ' or ',
  webhookRedirect: (name: string, error: string) => `${name} answered a redirect (${error}): webhooks never follow one; give the final URL`,
  webhookTimeout: 'no answer within 10 s',
  webhookNetwork: 'cannot connect',
  webhookAnswered: (error: string) => `answered ${error}`,

  runningProxy: (endpoint: string) => `The running proxy at ${endpoint}`,
  notHealth: 'not a maemanee-pay /health answer',
  healthIn: (ms: number) => `answered /health in ${ms} ms`,
  ledgerWritable: 'its ledger is writable',
  ledgerNotWritable: 'its ledger cannot be written: payments cannot be recorded',
  modeDiffers: (running: string, here: string) => `it runs in ${running} mode, these settings in ${here} mode: not the same configuration`,
  modeSame: (mode: string) => `${mode} mode, as these settings`,
  upstreamRefusing: 'its last upstream calls were refused: check its credentials',
  ledgerNode: 'Ledger (Node)',
  ledgerMemory: 'MAEMANEE_DB=:memory:: payments are forgotten when the process ends',
  ledgerWillCreate: (db: string, folder: string) => `${db} does not exist yet; the proxy will create it (${folder} is writable)`,
  ledgerCannotCreate: (db: string, folder: string) => `${db} cannot be created: ${folder} is not writable`,
  ledgerOk: (db: string) => `${db}: opened and written`,

  payment: (amount: number) => `A real payment of ฿${amount} (--pay)`,
  callRefused: (method: string, said: string) => `${method} refused: ${said}`,
  itsShape: 'its shape',
  answerShape: (method: string) => `${method} answer`,
  bill: (id: string, ref1: string, amount: number, minutes: number, seconds: number) =>
    `bill ${id}, ref1 ${ref1}, ฿${amount}, payable for ${minutes} min ${seconds} s`,
  qrNotDrawn: (why: string) => `the QR image could not be drawn here (${why})`,
  billPage: (url: string) => `or open the bill page: ${url}`,
  payFromPhone: (amount: number) => `pay it from your own phone: scan with any bank app, ฿${amount} exactly (Ctrl-C to stop waiting)`,
  paid: (id: string) => `paid: the upstream confirmed bill ${id}`,
  confirmPaidShape: 'confirm answer (paid)',
  confirmUnpaidShape: 'confirm answer (not paid yet)',
  paidAgain: 'paid again',
  secondConfirm: (said: string) => `a second confirm of the paid bill answered ${said} (the proxy records the first and expects either)`,
  stoppedWaiting: (id: string) => `stopped before bill ${id} was paid; it expires by itself (the upstream cancels only expired bills)`,
  notPaid: (id: string) => `bill ${id} was not paid before it expired`,
  cancelled: (id: string) => `bill ${id} cancelled`,
  cancelShape: 'cancel answer',
};

export type DoctorTexts = typeof en;

const th: DoctorTexts = {
  expect: {
    status: (values: number[]) => `${values.join(' หรือ ')} เป็นตัวเลขหรือข้อความตัวเลข`,
    text: () => 'ข้อความ (string)',
    id: () => 'ตัวเลขล้วน เป็นข้อความหรือตัวเลข',
    amount: () => 'จำนวนบาทมากกว่า 0 เป็นตัวเลขหรือข้อความตัวเลข',
    timeOut: () => 'วินาทีที่เหลือ (ติดลบเมื่อหมดอายุ)',
    payUrl: () => 'หน้าบิล เป็น URL แบบ https',
    qr: () => 'ภาพ PNG แบบ base64 มีหรือไม่มี data: นำหน้าก็ได้',
  },
  notRead: 'proxy ไม่ได้ใช้ช่องนี้',
  missing: 'ไม่มี',
  expects: (what: string) => `proxy ต้องการ${what}`,
  doesWithout: (what: string) => `ไม่มี: proxy ต้องการ${what} แต่ทำงานได้โดยไม่มีช่องนี้`,
  allGood: 'ทุกอย่างเรียบร้อย',
  counts: (problems: number, warnings: number) => `พบปัญหา ${problems} ข้อ คำเตือน ${warnings} ข้อ`,

  settings: 'การตั้งค่า',
  sandboxMode: 'โหมดทดสอบ (SANDBOX): ไม่ได้ตั้งบัญชี tmweasy ไว้ proxy จะใช้ระบบจำลอง (ไม่มีเงินจริง)',
  liveMode: (user: number, password: number, conId: number) =>
    `โหมดใช้งานจริง (LIVE): TMWEASY_USER (${user} ตัวอักษร), TMWEASY_PASSWORD (${password}), TMWEASY_CON_ID (${conId})`,
  upstreamHosts: (hosts: string[]) => `ระบบ tmweasy: ${hosts.map((h, i) => `โฮสต์ ${i + 1} ${h}`).join(', ')}`,
  sandboxClaims: 'นี่คือบัญชีทดสอบที่เปิดเผยต่อสาธารณะ ใบเสร็จจะระบุว่าเป็นการทดสอบ (sandbox)',
  amounts: (min: number, max: number, ordersOnly: boolean, db: string) =>
    `ยอดเงิน ฿${min} ถึง ฿${max}${ordersOnly ? ' รับเฉพาะคำสั่งซื้อที่ร้านเซ็นรับรอง' : ''}; บัญชีรายการ ${db}`,
  noPaymentTried: 'ไม่ได้ลองชำระเงิน: ไม่มีโฮสต์ tmweasy ใดรับบัญชีนี้',

  upstream: 'ระบบ tmweasy (api_mn.php)',
  fault: (fault: UpstreamFault) =>
    ({
      timeout: 'ไม่ตอบภายในเวลาที่กำหนด',
      unreachable: 'ปฏิเสธการเชื่อมต่อ',
      http_status: `ตอบ HTTP ${fault.httpStatus}`,
      empty: 'ตอบกลับว่างเปล่า',
      not_json: 'ตอบกลับเป็นอย่างอื่นที่ไม่ใช่ JSON (เช่น หน้า HTML)',
      bad_response: 'ตอบกลับผิดรูปแบบ',
    })[fault.kind],
  host: (n: number, host: string) => `โฮสต์ ${n} ${host}`,
  after: (ms: number) => `หลังจาก ${ms} ms`,
  answeredIn: (name: string, ms: number) => `${name} ตอบใน ${ms} ms`,
  slow: ': ช้า ลูกค้าต้องรอ QR นานเท่านี้',
  notTmweasy: (name: string) => `${name} ตอบ status 1 สำหรับบิลที่ไม่มีอยู่จริง (id_pay 0): ไม่ใช่ API ของ tmweasy ที่ proxy รู้จัก`,
  itsAnswer: 'คำตอบที่ได้',
  cannotTell: (name: string) => `${name}: บอกไม่ได้ว่ารับบัญชีของคุณหรือไม่ เพราะคำตอบที่ปฏิเสธไม่มี msg ให้เทียบ`,
  loginRefused: (name: string, said: string) =>
    `${name} ไม่รับชื่อผู้ใช้หรือรหัสผ่านของคุณ: ตอบว่า ${said} เหมือนที่ตอบชื่อผู้ใช้ที่แต่งขึ้น (ตรวจ TMWEASY_USER และ TMWEASY_PASSWORD)`,
  conIdRefused: (name: string, said: string) => `${name} ไม่รับ con_id ของคุณ: ตอบว่า ${said} เหมือนที่ตอบ con_id ที่แต่งขึ้น (ตรวจ TMWEASY_CON_ID)`,
  accepted: (name: string, said: string, madeUp: string) =>
    `${name} รับบัญชีและ con_id ของคุณ: บิลที่ไม่มีอยู่ได้คำตอบ ${said} ส่วนชื่อผู้ใช้ที่แต่งขึ้นได้ ${madeUp}`,
  refusalShape: 'รูปแบบคำตอบ (detail_pay ที่ถูกปฏิเสธ)',
  oneHostOnly: 'ใช้ได้เพียงโฮสต์เดียว: proxy ไม่มีโฮสต์สำรองเมื่อโฮสต์นี้ล่ม',
  noMsg: '(ไม่มี msg)',

  secrets: 'รหัสลับ',
  sandboxSecret: 'MAEMANEE_SECRET: ค่าสาธารณะของโหมดทดสอบ (ตั้งค่าของร้านเองก่อนใช้งานจริง: maemanee-pay secret)',
  secretReused: (shown: string) => `MAEMANEE_SECRET ${shown} ซ้ำกับรหัสลับอื่น: รหัสลับแต่ละตัวต้องไม่ซ้ำกัน`,
  secretNotRandom: (shown: string, distinct: number) =>
    `MAEMANEE_SECRET ${shown}: มีตัวอักษรต่างกันเพียง ${distinct} ตัว ไม่ใช่ค่าสุ่ม (สร้างใหม่ด้วย maemanee-pay secret)`,
  secretWeak: (shown: string, length: number, bits: number) =>
    `MAEMANEE_SECRET ${shown}: ${length} ตัวอักษร ประมาณ ${bits} บิตเป็นอย่างมาก ควรมี 128 บิตขึ้นไป (สร้างใหม่ด้วย maemanee-pay secret)`,
  secretStrong: (shown: string, length: number, bits: number) => `MAEMANEE_SECRET ${shown}: ${length} ตัวอักษร ประมาณ ${bits} บิต`,
  webhookSecretOk: (name: string, shown: string, bytes: number, endpoints: number[]) => `${name} ${shown}: ${bytes} ไบต์ ใช้เซ็นให้${thEndpoints(endpoints)}`,
  webhookSecretShort: (name: string, shown: string, bytes: number, endpoints: number[]) =>
    `${name} ${shown}: ${bytes} ไบต์ ปกติใช้ 32 (maemanee-pay secret --webhook) ใช้เซ็นให้${thEndpoints(endpoints)}`,
  sandboxWebhookSecret: (endpoints: number[]) => `รหัสลับ webhook สาธารณะของโหมดทดสอบ: ใช้เซ็นให้${thEndpoints(endpoints)}`,
  webhookSecretNoEndpoint: (name: string, n: number) => `${name} ไม่ได้ใช้เซ็นให้ปลายทางใด: ไม่มีปลายทาง ${n} ใน MAEMANEE_WEBHOOK_URL`,
  webhookSecretAllOwn: 'MAEMANEE_WEBHOOK_SECRET ไม่ได้ใช้เซ็นให้ปลายทางใด: ทุกปลายทางมี MAEMANEE_WEBHOOK_SECRET_<n> ของตัวเอง',
  webhookSecretNoUrl: 'MAEMANEE_WEBHOOK_SECRET ไม่ได้ใช้เซ็นให้ปลายทางใด: ไม่ได้ตั้ง MAEMANEE_WEBHOOK_URL (maemanee-pay verify ยังใช้ตรวจได้)',

  origins: 'หน้าเว็บที่เรียกใช้ proxy ได้',
  anyOrigin: 'ทุกหน้าเว็บ (โหมดทดสอบที่ไม่ได้ตั้ง MAEMANEE_ALLOWED_ORIGINS)',
  noOrigin: 'ไม่มีเลย: ไม่มีหน้าเว็บใดรับชำระเงินได้ (ตั้ง MAEMANEE_ALLOWED_ORIGINS เป็นเว็บร้าน เช่น https://shop.example.com)',
  loopbackOnly: ': เฉพาะเครื่องนี้ ใช้ทดสอบเท่านั้น',
  plainHttp: (origin: string) => `${origin}: เป็น http ธรรมดา ใครก็ตามในเครือข่ายของลูกค้าแก้ไขหน้าเว็บได้ ควรใช้ https`,
  publicUrl: (url: string) => `MAEMANEE_PUBLIC_URL ${url}: ลิงก์ชำระเงินชี้มาที่นี่`,
  linksAnyBase: 'ไม่ได้ตั้ง MAEMANEE_PUBLIC_URL: ลิงก์ชำระเงินจะชี้ไปที่ URL ที่ใช้สร้างลิงก์',
  linksAllowedBase: (origins: string[]) =>
    `ไม่ได้ตั้ง MAEMANEE_PUBLIC_URL: ลิงก์ชำระเงินจะชี้ไปที่ URL ที่ใช้สร้างลิงก์ ซึ่งต้องเป็นหนึ่งใน origin ที่อนุญาต (${origins.join(', ')}) ควรตั้งเป็น URL ที่ลูกค้าเข้าถึง proxy`,
  linksNoOrigin: 'ไม่ได้ตั้ง MAEMANEE_PUBLIC_URL และไม่มี origin ที่อนุญาต: สร้างลิงก์ชำระเงินไม่ได้ (ตั้งเป็น URL ที่ลูกค้าเข้าถึง proxy)',
  linksThrough: (endpoint: string) => `ลิงก์ชำระเงินที่สร้างผ่าน ${endpoint} ชี้ไปที่นั่น`,
  linksRefused: (endpoint: string, origin: string) =>
    `ลิงก์ชำระเงินที่สร้างผ่าน ${endpoint} จะถูกปฏิเสธ (409 public_url_required): เพิ่ม ${origin} ใน MAEMANEE_ALLOWED_ORIGINS หรือตั้ง MAEMANEE_PUBLIC_URL`,

  webhooks: 'Webhook',
  noWebhook: 'ไม่ได้ตั้ง MAEMANEE_WEBHOOK_URL: เซิร์ฟเวอร์ของร้านจะรู้ว่ามีการชำระเงินจากเบราว์เซอร์ (ใบเสร็จ) หรือเมื่อถามเอง (GET /v1/events) เท่านั้น',
  endpoint: (n: number, url: string) => `ปลายทาง ${n} ${url}`,
  acknowledged: (name: string, ms: number) => `${name} ตอบรับการส่งทดสอบที่เซ็นแล้วใน ${ms} ms`,
  webhookRefused: (name: string, error: string, secretNames: string) =>
    `${name} ปฏิเสธการส่งทดสอบที่เซ็นแล้ว (${error}): ตรวจลายเซ็นด้วย ${secretNames} และตอบรับเหตุการณ์ทดสอบ (sandbox) หรือไม่`,
  or: ' หรือ ',
  webhookRedirect: (name: string, error: string) => `${name} ตอบให้ไปที่อื่น (${error}): webhook ไม่ตามไป ให้ใช้ URL ปลายทางจริง`,
  webhookTimeout: 'ไม่ตอบภายใน 10 วินาที',
  webhookNetwork: 'เชื่อมต่อไม่ได้',
  webhookAnswered: (error: string) => `ตอบ ${error}`,

  runningProxy: (endpoint: string) => `proxy ที่ทำงานอยู่ที่ ${endpoint}`,
  notHealth: 'ไม่ใช่คำตอบ /health ของ maemanee-pay',
  healthIn: (ms: number) => `ตอบ /health ใน ${ms} ms`,
  ledgerWritable: 'บัญชีรายการเขียนได้',
  ledgerNotWritable: 'บัญชีรายการเขียนไม่ได้: บันทึกการชำระเงินไม่ได้',
  modeDiffers: (running: string, here: string) => `ทำงานในโหมด ${running} แต่การตั้งค่านี้เป็นโหมด ${here}: ไม่ใช่การตั้งค่าเดียวกัน`,
  modeSame: (mode: string) => `โหมด ${mode} ตรงกับการตั้งค่านี้`,
  upstreamRefusing: 'การเรียก tmweasy ครั้งล่าสุดถูกปฏิเสธ: ตรวจบัญชี tmweasy ของ proxy นั้น',
  ledgerNode: 'บัญชีรายการ (Node)',
  ledgerMemory: 'MAEMANEE_DB=:memory:: ข้อมูลการชำระเงินจะหายเมื่อโปรแกรมหยุด',
  ledgerWillCreate: (db: string, folder: string) => `ยังไม่มี ${db} proxy จะสร้างเอง (${folder} เขียนได้)`,
  ledgerCannotCreate: (db: string, folder: string) => `สร้าง ${db} ไม่ได้: ${folder} เขียนไม่ได้`,
  ledgerOk: (db: string) => `${db}: เปิดและเขียนได้`,

  payment: (amount: number) => `ชำระเงินจริง ฿${amount} (--pay)`,
  callRefused: (method: string, said: string) => `${method} ถูกปฏิเสธ: ${said}`,
  itsShape: 'รูปแบบคำตอบ',
  answerShape: (method: string) => `คำตอบของ ${method}`,
  bill: (id: string, ref1: string, amount: number, minutes: number, seconds: number) =>
    `บิล ${id}, ref1 ${ref1}, ฿${amount}, ชำระได้ภายใน ${minutes} นาที ${seconds} วินาที`,
  qrNotDrawn: (why: string) => `แสดงภาพ QR ที่นี่ไม่ได้ (${why})`,
  billPage: (url: string) => `หรือเปิดหน้าบิล: ${url}`,
  payFromPhone: (amount: number) => `ชำระจากมือถือของคุณเอง: สแกนด้วยแอปธนาคารใดก็ได้ ยอด ฿${amount} พอดี (กด Ctrl-C เพื่อเลิกรอ)`,
  paid: (id: string) => `ชำระแล้ว: tmweasy ยืนยันบิล ${id}`,
  confirmPaidShape: 'คำตอบของ confirm (ชำระแล้ว)',
  confirmUnpaidShape: 'คำตอบของ confirm (ยังไม่ชำระ)',
  paidAgain: 'ชำระแล้วอีกครั้ง',
  secondConfirm: (said: string) => `confirm บิลที่ชำระแล้วซ้ำอีกครั้ง ได้คำตอบ ${said} (proxy บันทึกครั้งแรก และรับได้ทั้งสองแบบ)`,
  stoppedWaiting: (id: string) => `หยุดรอก่อนบิล ${id} ได้รับชำระ บิลจะหมดอายุเอง (tmweasy ยกเลิกได้เฉพาะบิลที่หมดอายุแล้ว)`,
  notPaid: (id: string) => `บิล ${id} ไม่ได้รับชำระก่อนหมดอายุ`,
  cancelled: (id: string) => `ยกเลิกบิล ${id} แล้ว`,
  cancelShape: 'คำตอบของ cancel',
};

export const DOCTOR_TEXTS = { en, th };

export type DoctorLang = keyof typeof DOCTOR_TEXTS;
