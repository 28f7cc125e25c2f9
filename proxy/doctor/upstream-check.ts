/**
 * Each upstream host, with calls that create nothing: `detail_pay` for a bill that cannot exist, asked with the
 * merchant's credentials, with a made-up login, and with a made-up con_id. Whatever the upstream's texts are (none
 * is public), credentials it accepts get an answer other than a made-up login's, and a con_id it accepts an answer
 * other than a made-up con_id's.
 */
import { askHost, scrubCredentials, UpstreamFault, type UpstreamOptions } from '../upstream/client.ts';
import { readMessage, readNumber } from '../upstream/parse.ts';
import type { Report } from './report.ts';

type Credentials = Pick<UpstreamOptions, 'user' | 'password' | 'conId' | 'timeoutMs' | 'fetch'>;

/** An id no bill has: tmweasy's ids are positive. */
const NO_BILL = { method: 'detail_pay', id_pay: '0', qr: '0' };

interface Asked {
  ms: number;
  answer?: Record<string, unknown>;
  fault?: UpstreamFault;
}

async function ask(options: Credentials, url: string): Promise<Asked> {
  const start = performance.now();
  try {
    const answer = await askHost(options, url, NO_BILL);
    return { ms: Math.round(performance.now() - start), answer };
  } catch (error) {
    if (!(error instanceof UpstreamFault)) throw error;
    return { ms: Math.round(performance.now() - start), fault: error };
  }
}

const randomDigits = () => String(100_000_000 + Math.floor(Math.random() * 800_000_000));

/** What an answer says, for comparing answers: its status and its message. */
const said = (asked: Asked) => (asked.answer ? `${readNumber(asked.answer.status)}|${readMessage(asked.answer)}` : `fault:${asked.fault?.kind}`);

/** Checks every host; resolves to the hosts that answered and accept the credentials, in the configured order. */
export async function checkUpstream(report: Report, urls: string[], credentials: Credentials): Promise<string[]> {
  report.section('Upstream (tmweasy api_mn.php)');
  const usable: string[] = [];
  const quote = (asked: Asked) => `"${scrubCredentials(credentials, readMessage(asked.answer ?? {})) || '(no msg)'}"`;
  for (const [i, url] of urls.entries()) {
    const name = `host ${i + 1} ${new URL(url).host}`;
    const mine = await ask(credentials, url);
    if (mine.fault) {
      report.line('fail', `${name}: ${mine.fault.message} (after ${mine.ms} ms)`);
      continue;
    }
    report.line(mine.ms < 2000 ? 'ok' : 'warn', `${name} answered in ${mine.ms} ms${mine.ms < 2000 ? '' : ': slow; the customer waits this long for a QR'}`);
    const answer = mine.answer!;
    if (readNumber(answer.status) === 1) {
      report.line('fail', `${name} answered status 1 for a bill that cannot exist (id_pay 0): not the tmweasy API the proxy knows`);
      report.shape('its answer', 'refusal', answer);
      continue;
    }
    const madeUpLogin = await ask({ ...credentials, user: `maemanee-doctor-${randomDigits()}`, password: randomDigits() }, url);
    let madeUpConId = randomDigits();
    if (madeUpConId === credentials.conId) madeUpConId = randomDigits() + '0';
    const otherConId = await ask({ ...credentials, conId: madeUpConId }, url);
    if (said(mine) === said(madeUpLogin) && readMessage(answer) === '') {
      report.line('warn', `${name}: cannot tell whether it accepts your credentials: its refusals carry no msg to tell them apart`);
    } else if (said(mine) === said(madeUpLogin)) {
      report.line('fail', `${name} refuses your username or password: it answers ${quote(mine)}, as it does a made-up login (check TMWEASY_USER and TMWEASY_PASSWORD)`);
    } else if (said(mine) === said(otherConId)) {
      report.line('fail', `${name} refuses your con_id: it answers ${quote(mine)}, as it does a made-up con_id (check TMWEASY_CON_ID)`);
    } else {
      report.line('ok', `${name} accepts your credentials and con_id: a bill that does not exist gets ${quote(mine)}; a made-up login gets ${quote(madeUpLogin)}`);
      usable.push(url);
    }
    report.shape('the answer\'s shape (detail_pay, refused)', 'refusal', answer);
  }
  if (urls.length > 1 && usable.length === 1) report.line('warn', 'only one host works: the proxy has no second host to fail over to');
  return usable;
}
