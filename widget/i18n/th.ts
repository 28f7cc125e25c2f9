/** The element's texts in Thai. `{name}` is filled in at render time. */
export const th = {
  /** The language's tag, for dates: Thai dates come in the Buddhist era, as Thai customers read them. */
  locale: 'th',
  pay: 'ชำระด้วยพร้อมเพย์',
  creating: 'กำลังสร้าง QR…',
  scan: 'สแกนด้วยมือถือเพื่อชำระ',
  save: 'บันทึก QR ลงรูปภาพ',
  hold: 'หรือกดค้างที่ QR เพื่อบันทึก',
  app: 'เปิดแอปธนาคาร หรือ TrueMoney, Dolfin, mPAY, เป๋าตัง',
  pick: 'กดสแกน แล้วเลือกรูป QR ที่บันทึกไว้',
  exact: 'โอน {amount} ให้ตรงยอด',
  open: 'ชำระด้วยบัตร (Visa, Mastercard) หรือแอปอื่นที่หน้าบิล',
  check: 'ชำระแล้ว ตรวจสอบเลย',
  checking: 'กำลังตรวจสอบ…',
  notYet: 'ยังไม่พบการชำระเงิน',
  left: 'เหลือเวลา {time}',
  warn: 'เหลือเวลาไม่ถึง 1 นาที',
  ref: 'อ้างอิง {ref}',
  qrAlt: 'QR พร้อมเพย์ {amount}',
  paid: 'ชำระเงินเรียบร้อย',
  late: 'ชำระหลัง QR หมดอายุ',
  back: 'กลับไปที่ร้าน',
  expired: 'QR หมดอายุแล้ว',
  already: 'ชำระแล้ว? อย่าชำระซ้ำ ระบบจะพบยอดและแจ้งที่หน้านี้',
  again: 'ยังไม่ได้ชำระ สร้าง QR ใหม่',
  cancelled: 'ยกเลิกรายการแล้ว',
  network: 'เชื่อมต่อไม่ได้ กรุณาลองใหม่',
  unavailable: 'ระบบชำระเงินขัดข้อง กรุณาลองใหม่',
  busy: 'ทำรายการถี่เกินไป กรุณารอสักครู่',
  setup: 'ร้านตั้งค่าระบบชำระเงินไม่ถูกต้อง กรุณาแจ้งร้าน',
  retry: 'ลองใหม่',
};

/** Every language's texts have the Thai ones' keys. */
export type Strings = typeof th;
