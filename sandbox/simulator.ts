/**
 * A faithful stand-in for tmweasy's api_mn.php, the sandbox upstream: the bills, and the answers to the four
 * methods. `host.ts` puts it on the wire.
 */
import { SANDBOX_CREDENTIALS } from '../proxy/config.ts';
import { billQrBase64 } from './qr.ts';

export interface SimulatorCredentials {
  user: string;
  password: string;
  conId: string;
}

export { SANDBOX_CREDENTIALS };

export interface SimulatorSettings {
  /** Seconds a new bill stays payable. */
  windowSeconds: number;
  /** How `status`, `amount` and `time_out` are written: some clients see JSON numbers, others strings. */
  numbersAs: 'number' | 'string';
  /** What a confirm on an already-confirmed paid bill answers. */
  secondConfirm: 'paid' | 'used';
  /** Whether `qr_base64_image` carries a `data:image/png;base64,` prefix. */
  qrPrefix: boolean;
  /** Whether an expired bill's detail still carries its QR. */
  expiredQr: boolean;
}

interface Bill {
  id: string;
  ref1: string;
  amount: number;
  expiresAt: number;
  paid: boolean;
  confirmed: boolean;
  cancelled: boolean;
}

/** A bill as its page shows it: `msLeft` is on the simulator's clock, negative once expired. */
export interface ShownBill {
  id: string;
  ref1: string;
  amount: number;
  expiresAt: number;
  msLeft: number;
  paid: boolean;
}

export const AMOUNT_LIMITS = { min: 1, max: 200_000 };
/**
 * The sandbox's biller: a 13-digit tax id that fails the Thai check digit (the last digit should be 6), and suffix 00.
 * The QR is valid EMVCo otherwise, but no real biller has this id, so a bank app scanning a sandbox QR finds no bill.
 */
export const SANDBOX_BILLER_ID = '012345678901200';

/**
 * Refusal messages. No public source gives the real service's texts; these are plausible Thai, and the proxy treats
 * every `msg` as opaque.
 */
const MSG = {
  badLogin: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง',
  badConId: 'con_id ไม่ถูกต้อง',
  badMethod: 'ไม่รู้จัก method นี้',
  badAmount: 'จำนวนเงินไม่ถูกต้อง',
  badRef1: 'ต้องระบุ ref1',
  notFound: 'ไม่พบรายการ',
  notPaid: 'ยังไม่พบการชำระเงิน',
  expired: 'รายการหมดอายุแล้ว',
  cancelled: 'รายการถูกยกเลิกแล้ว',
  used: 'รายการนี้ถูกใช้งานแล้ว',
  notExpired: 'ยังไม่หมดเวลา ยกเลิกไม่ได้',
  paid: 'รายการนี้ชำระแล้ว ยกเลิกไม่ได้',
};

type Answer = Record<string, string | number>;

export class Simulator {
  readonly settings: SimulatorSettings;
  private readonly bills = new Map<string, Bill>();
  // Random over nine digits, so that bills of a restarted simulator never take the ids of an earlier one's, which a
  // ledger may still hold.
  private nextId = 100_000_000 + Math.floor(Math.random() * 800_000_000);

  constructor(
    readonly credentials: SimulatorCredentials = { ...SANDBOX_CREDENTIALS },
    settings: Partial<SimulatorSettings> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.settings = { windowSeconds: 600, numbersAs: 'number', secondConfirm: 'paid', qrPrefix: false, expiredQr: true, ...settings };
  }

  /**
   * Answers one api_mn.php call, as its JSON object. `origin`: where this call reached the simulator, which serves
   * each bill's stand-in bill page (`urlpay`) at `/sandbox/payments/<id>`.
   */
  async call(params: URLSearchParams, origin: string): Promise<Answer> {
    const { user, password, conId } = this.credentials;
    if (params.get('username') !== user || params.get('password') !== password) return this.fail(MSG.badLogin);
    if (params.get('con_id') !== conId) return this.fail(MSG.badConId);
    switch (params.get('method')) {
      case 'create_pay':
        return this.createPay(params.get('amount'), params.get('ref1'));
      case 'detail_pay':
        return this.detailPay(this.bill(params), params.get('qr') === '1', origin);
      case 'confirm':
        return this.confirm(this.bill(params));
      case 'cancel':
        return this.cancel(this.bill(params));
      default:
        return this.fail(MSG.badMethod);
    }
  }

  /** The customer's transfer arrives. A transfer at the last second counts even if the bill has since timed out. */
  pay(id: string): boolean {
    const bill = this.bills.get(id);
    if (!bill || bill.cancelled) return false;
    bill.paid = true;
    return true;
  }

  expire(id: string): boolean {
    const bill = this.bills.get(id);
    if (!bill) return false;
    bill.expiresAt = Math.min(bill.expiresAt, this.now() - 1000);
    return true;
  }

  private createPay(amountText: string | null, ref1: string | null): Answer {
    const amount = Number(amountText);
    if (!amountText || !/^\d+$/.test(amountText) || amount < AMOUNT_LIMITS.min || amount > AMOUNT_LIMITS.max) {
      return this.fail(MSG.badAmount);
    }
    if (!ref1) return this.fail(MSG.badRef1);
    const id = String(this.nextId++);
    const expiresAt = this.now() + this.settings.windowSeconds * 1000;
    this.bills.set(id, { id, ref1, amount, expiresAt, paid: false, confirmed: false, cancelled: false });
    return { status: this.num(1), id_pay: id };
  }

  /** A bill as the sandbox's bill page shows it; none for an unknown or cancelled bill. */
  show(id: string): ShownBill | undefined {
    const bill = this.bills.get(id);
    if (!bill || bill.cancelled) return undefined;
    const { ref1, amount, expiresAt, paid } = bill;
    return { id, ref1, amount, expiresAt, msLeft: expiresAt - this.now(), paid };
  }

  private async detailPay(bill: Bill | undefined, withQr: boolean, origin: string): Promise<Answer> {
    if (!bill || bill.cancelled) return this.fail(MSG.notFound);
    const answer: Answer = {
      status: this.num(1),
      id_pay: bill.id,
      ref1: bill.ref1,
      amount: this.settings.numbersAs === 'string' ? bill.amount.toFixed(2) : bill.amount,
      time_out: this.num(this.timeOut(bill)),
      urlpay: `${origin}/sandbox/payments/${bill.id}`,
    };
    if (withQr && (this.settings.expiredQr || this.timeOut(bill) >= 0)) {
      const png = await billQrBase64({ billerId: SANDBOX_BILLER_ID, reference1: bill.id, reference2: bill.ref1, amount: bill.amount });
      answer.qr_base64_image = this.settings.qrPrefix ? `data:image/png;base64,${png}` : png;
    }
    return answer;
  }

  private confirm(bill: Bill | undefined): Answer {
    if (!bill) return this.fail(MSG.notFound);
    if (bill.cancelled) return this.fail(MSG.cancelled);
    if (!bill.paid) return this.fail(this.timeOut(bill) < 0 ? MSG.expired : MSG.notPaid);
    if (bill.confirmed && this.settings.secondConfirm === 'used') return this.fail(MSG.used);
    bill.confirmed = true;
    return {
      status: this.num(1),
      id_pay: bill.id,
      ref1: bill.ref1,
      amount: this.settings.numbersAs === 'string' ? bill.amount.toFixed(2) : bill.amount,
    };
  }

  private cancel(bill: Bill | undefined): Answer {
    if (!bill || bill.cancelled) return this.fail(MSG.notFound);
    if (bill.paid) return this.fail(MSG.paid);
    if (this.timeOut(bill) >= 0) return this.fail(MSG.notExpired);
    bill.cancelled = true;
    return { status: this.num(1) };
  }

  private bill(params: URLSearchParams): Bill | undefined {
    return this.bills.get(params.get('id_pay') ?? '');
  }

  /** Whole seconds left; negative once the window has closed. */
  private timeOut(bill: Bill): number {
    const left = (bill.expiresAt - this.now()) / 1000;
    return left > 0 ? Math.floor(left) : Math.min(-1, Math.floor(left));
  }

  private num(n: number): number | string {
    return this.settings.numbersAs === 'string' ? String(n) : n;
  }

  private fail(msg: string): Answer {
    return { status: this.num(0), msg };
  }
}

