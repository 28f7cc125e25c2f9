/**
 * `doctor --pay N`: the merchant's own first payment. A real bill of N baht on the first host that accepts the
 * credentials, its QR in the terminal (read from the upstream's own image), then a confirm every 5 s until the
 * merchant has paid it from their phone, or the bill has expired (then it is cancelled). Every answer's shape is
 * reported, and what a second confirm of a paid bill answers, which no public source tells.
 */
import { terminalMatrix } from '../terminal-qr.ts';
import { askHost, scrubCredentials, UpstreamFault, type UpstreamOptions } from '../../proxy/upstream/client.ts';
import { readId, readMessage, readNumber, readQr, readTimeOut } from '../../proxy/upstream/parse.ts';
import { qrModules } from './qr-image.ts';
import type { Report } from './report.ts';
import { compareShape } from './shapes.ts';

type Credentials = Pick<UpstreamOptions, 'user' | 'password' | 'conId' | 'timeoutMs' | 'fetch'>;

export interface PayCheckOptions {
  amount: number;
  /** Seconds between confirms: the upstream takes at most one per bill per 2 s. */
  everyMs?: number;
  /** Resolves when the merchant stops waiting (Ctrl-C). */
  stopped: Promise<void>;
}

/** A pause that ends early when the merchant stops waiting, and then leaves no timer to hold the process open. */
function sleep(ms: number, stopped: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([stopped, new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
}

export async function checkPayment(report: Report, url: string, credentials: Credentials, options: PayCheckOptions): Promise<void> {
  const { t } = report;
  report.section(t.payment(options.amount));
  const call = async (params: Record<string, string>) => {
    try {
      return await askHost(credentials, url, params);
    } catch (error) {
      if (!(error instanceof UpstreamFault)) throw error;
      report.line('fail', `${params.method}: ${t.fault(error)}`);
      return undefined;
    }
  };
  const quote = (answer: Record<string, unknown>) => `"${scrubCredentials(credentials, readMessage(answer)) || t.noMsg}"`;
  const refused = (method: string, answer: Record<string, unknown>) => {
    report.line('fail', t.callRefused(method, quote(answer)));
    report.shape(t.itsShape, 'refusal', answer);
  };
  const noProblemsIn = (name: Parameters<typeof compareShape>[0], answer: Record<string, unknown>) =>
    compareShape(name, answer).every((f) => f.verdict === 'ok' || f.verdict === 'extra' || f.verdict === 'optional_missing');

  const ref1 = `doctor-${Math.floor(Date.now() / 1000)}`;
  const created = await call({ method: 'create_pay', amount: String(options.amount), ref1 });
  if (!created) return;
  if (readNumber(created.status) !== 1) return refused('create_pay', created);
  report.shape(t.answerShape('create_pay'), 'create_pay', created);
  if (!noProblemsIn('create_pay', created)) return;
  const id = readId(created.id_pay);

  const detail = await call({ method: 'detail_pay', id_pay: id, qr: '1' });
  if (!detail) return;
  if (readNumber(detail.status) !== 1) return refused('detail_pay', detail);
  report.shape(t.answerShape('detail_pay'), 'detail_pay', detail);
  if (!noProblemsIn('detail_pay', detail)) return;
  const seconds = readTimeOut(detail.time_out);
  const amount = readNumber(detail.amount)!;
  report.line('ok', t.bill(id, ref1, amount, Math.floor(seconds / 60), seconds % 60));
  try {
    const png = Buffer.from(readQr(detail.qr_base64_image).replace(/^data:image\/png;base64,/, ''), 'base64');
    report.block(terminalMatrix(qrModules(png)));
  } catch (error) {
    report.line('warn', t.qrNotDrawn((error as Error).message));
  }
  if (typeof detail.urlpay === 'string') report.line('info', t.billPage(scrubCredentials(credentials, detail.urlpay)));
  report.line('info', t.payFromPhone(amount));

  const deadline = Date.now() + (seconds + 5) * 1000;
  let stop = false;
  void options.stopped.then(() => (stop = true));
  let lastRefusal: Record<string, unknown> | undefined;
  while (!stop && Date.now() < deadline) {
    await sleep(options.everyMs ?? 5000, options.stopped);
    if (stop) break;
    const answer = await call({ method: 'confirm', id_pay: id, ip: '127.0.0.1' });
    // A fault is reported and the wait goes on: what the next confirms say (paid, or "already used") is the finding.
    if (!answer) continue;
    if (readNumber(answer.status) !== 1) {
      lastRefusal = answer;
      continue;
    }
    report.line('ok', t.paid(id));
    report.shape(t.confirmPaidShape, 'confirm_paid', answer);
    if (lastRefusal) report.shape(t.confirmUnpaidShape, 'refusal', lastRefusal);
    await sleep(2100, options.stopped);
    const again = await call({ method: 'confirm', id_pay: id, ip: '127.0.0.1' });
    if (again) report.line('info', t.secondConfirm(readNumber(again.status) === 1 ? t.paidAgain : quote(again)));
    return;
  }
  if (lastRefusal) report.shape(t.confirmUnpaidShape, 'refusal', lastRefusal);
  if (stop) return report.line('warn', t.stoppedWaiting(id));
  report.line('fail', t.notPaid(id));
  const cancelled = await call({ method: 'cancel', id_pay: id });
  if (cancelled && readNumber(cancelled.status) === 1) {
    report.line('ok', t.cancelled(id));
    report.shape(t.cancelShape, 'cancel', cancelled);
  } else if (cancelled) refused('cancel', cancelled);
}
