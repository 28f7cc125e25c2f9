/**
 * A faithful stand-in for tmweasy's api_mn.php, the sandbox upstream. `Simulator` is the shared back end (the bills);
 * `createSimulatorHost` is one front host speaking the upstream's wire protocol, with its own injected faults, so
 * two hosts over one simulator behave like the official host and its mirror.
 */
import { Hono } from 'hono';
import { encode } from 'uqr';
import { encodeMatrixPng, toBase64 } from './png.ts';
import { SANDBOX_CREDENTIALS } from './config.ts';
import { billPaymentPayload } from './thai-qr.ts';

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
}

export type FaultKind = 'none' | 'delay' | 'http500' | 'html' | 'empty' | 'broken';

export interface Fault {
  kind: FaultKind;
  /** For `delay`: how long before answering (normally). Every other fault may add it too. */
  delayMs?: number;
  /** Only these upstream methods are affected; all when absent. */
  methods?: string[];
  /** How many requests the fault applies to before it clears itself; forever when absent. */
  count?: number;
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

export const AMOUNT_LIMITS = { min: 1, max: 200_000 };
const BILLER_ID = '099400016550100';

/** Upstream messages, in the Thai the real service answers with. */
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
  private nextId = 100_000 + Math.floor(Math.random() * 800_000);

  constructor(
    readonly credentials: SimulatorCredentials = { ...SANDBOX_CREDENTIALS },
    settings: Partial<SimulatorSettings> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.settings = { windowSeconds: 600, numbersAs: 'number', secondConfirm: 'paid', qrPrefix: false, ...settings };
  }

  /** Answers one api_mn.php call, as its JSON object. */
  async call(params: URLSearchParams): Promise<Answer> {
    const { user, password, conId } = this.credentials;
    if (params.get('username') !== user || params.get('password') !== password) return this.fail(MSG.badLogin);
    if (params.get('con_id') !== conId) return this.fail(MSG.badConId);
    switch (params.get('method')) {
      case 'create_pay':
        return this.createPay(params.get('amount'), params.get('ref1'));
      case 'detail_pay':
        return this.detailPay(this.bill(params), params.get('qr') === '1');
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

  private async detailPay(bill: Bill | undefined, withQr: boolean): Promise<Answer> {
    if (!bill || bill.cancelled) return this.fail(MSG.notFound);
    const answer: Answer = {
      status: this.num(1),
      id_pay: bill.id,
      ref1: bill.ref1,
      amount: this.settings.numbersAs === 'string' ? bill.amount.toFixed(2) : bill.amount,
      time_out: this.num(this.timeOut(bill)),
      urlpay: `https://sandbox.maemanee.invalid/pay/${bill.id}`,
    };
    if (withQr) {
      const payload = billPaymentPayload({ billerId: BILLER_ID, reference1: bill.id, reference2: bill.ref1, amount: bill.amount });
      const png = toBase64(await encodeMatrixPng(encode(payload, { ecc: 'M', border: 0 }).data, 6));
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Applies one host's fault, if any, to an answer. */
function faulty(fault: Fault, answer: Answer): Response | undefined {
  switch (fault.kind) {
    case 'http500':
      return new Response('<html><body><h1>500 Internal Server Error</h1></body></html>', {
        status: 500,
        headers: { 'content-type': 'text/html' },
      });
    case 'html':
      return new Response('<!DOCTYPE html><html><body>Warning: mysqli_connect(): Too many connections</body></html>', {
        headers: { 'content-type': 'text/html; charset=UTF-8' },
      });
    case 'empty':
      return new Response('', { headers: { 'content-type': 'text/html; charset=UTF-8' } });
    case 'broken':
      return new Response(JSON.stringify(answer).slice(0, 12), { headers: { 'content-type': 'text/html; charset=UTF-8' } });
    default:
      return undefined;
  }
}

/** Parses a fault from its JSON form, as the sandbox routes receive it; throws a readable error. */
export function parseFault(input: unknown): Fault {
  const kinds: FaultKind[] = ['none', 'delay', 'http500', 'html', 'empty', 'broken'];
  const value = (input ?? {}) as Record<string, unknown>;
  if (!kinds.includes(value.kind as FaultKind)) throw new TypeError(`kind must be one of ${kinds.join(', ')}`);
  const fault: Fault = { kind: value.kind as FaultKind };
  if (value.delayMs !== undefined) {
    if (!Number.isInteger(value.delayMs) || (value.delayMs as number) < 0 || (value.delayMs as number) > 60_000) {
      throw new TypeError('delayMs must be a whole number of milliseconds up to 60000');
    }
    fault.delayMs = value.delayMs as number;
  }
  if (value.count !== undefined) {
    if (!Number.isInteger(value.count) || (value.count as number) < 1) throw new TypeError('count must be a positive whole number');
    fault.count = value.count as number;
  }
  if (value.methods !== undefined) {
    if (!Array.isArray(value.methods) || !value.methods.every((m) => typeof m === 'string')) {
      throw new TypeError('methods must be a list of upstream method names');
    }
    fault.methods = value.methods;
  }
  return fault;
}

export interface SimulatorHost {
  app: Hono;
  setFault(fault: Fault): void;
}

/**
 * One upstream host over a simulator: `GET /api_mn.php` in the upstream's protocol, and the sandbox controls
 * (`POST /sandbox/payments/:id/pay|expire`, `PUT /sandbox/fault`) at the same paths as the proxy's.
 */
export function createSimulatorHost(simulator: Simulator): SimulatorHost {
  let fault: Fault = { kind: 'none' };
  const app = new Hono();

  app.get('/api_mn.php', async (c) => {
    const params = new URL(c.req.url).searchParams;
    const active = fault.kind !== 'none' && (!fault.methods || fault.methods.includes(params.get('method') ?? ''));
    if (!active) return c.json(await simulator.call(params));
    const applied = fault;
    if (applied.count !== undefined && --applied.count <= 0) fault = { kind: 'none' };
    if (applied.delayMs) await sleep(applied.delayMs);
    // The call still takes effect behind a garbled answer, as on a real host that fails after writing: a create_pay
    // that answers HTML may well have created the bill.
    const answer = await simulator.call(params);
    return faulty(applied, answer) ?? c.json(answer);
  });

  app.post('/sandbox/payments/:id/:action{pay|expire}', (c) => {
    const id = c.req.param('id');
    const done = c.req.param('action') === 'pay' ? simulator.pay(id) : simulator.expire(id);
    return done ? c.json({ ok: true }) : c.json({ error: { code: 'not_found', message: 'No such sandbox bill' } }, 404);
  });

  app.put('/sandbox/fault', async (c) => {
    try {
      fault = parseFault(await c.req.json());
    } catch (error) {
      return c.json({ error: { code: 'invalid_fault', message: (error as Error).message } }, 400);
    }
    return c.json({ ok: true, fault });
  });

  return { app, setFault: (next) => (fault = next) };
}
