/**
 * Each upstream host, with calls that create nothing: `detail_pay` for a bill that cannot exist, asked with the
 * merchant's credentials, with a made-up login, and with a made-up con_id. Whatever the upstream's texts are (none
 * is public), credentials it accepts get an answer other than a made-up login's, and a con_id it accepts an answer
 * other than a made-up con_id's.
 */
import { askHost, scrubCredentials, UpstreamFault, type UpstreamOptions } from '../../proxy/upstream/client.ts';
import { readMessage, readNumber } from '../../proxy/upstream/parse.ts';
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
  const { t } = report;
  report.section(t.upstream);
  const usable: string[] = [];
  const quote = (asked: Asked) => `"${scrubCredentials(credentials, readMessage(asked.answer ?? {})) || t.noMsg}"`;
  for (const [i, url] of urls.entries()) {
    const name = t.host(i + 1, new URL(url).host);
    const mine = await ask(credentials, url);
    if (mine.fault) {
      report.line('fail', `${name}: ${t.fault(mine.fault)} (${t.after(mine.ms)})`);
      continue;
    }
    report.line(mine.ms < 2000 ? 'ok' : 'warn', `${t.answeredIn(name, mine.ms)}${mine.ms < 2000 ? '' : t.slow}`);
    const answer = mine.answer!;
    if (readNumber(answer.status) === 1) {
      report.line('fail', t.notTmweasy(name));
      report.shape(t.itsAnswer, 'refusal', answer);
      continue;
    }
    const madeUpLogin = await ask({ ...credentials, user: `maemanee-doctor-${randomDigits()}`, password: randomDigits() }, url);
    let madeUpConId = randomDigits();
    if (madeUpConId === credentials.conId) madeUpConId = randomDigits() + '0';
    const otherConId = await ask({ ...credentials, conId: madeUpConId }, url);
    if (said(mine) === said(madeUpLogin) && readMessage(answer) === '') {
      report.line('warn', t.cannotTell(name));
    } else if (said(mine) === said(madeUpLogin)) {
      report.line('fail', t.loginRefused(name, quote(mine)));
    } else if (said(mine) === said(otherConId)) {
      report.line('fail', t.conIdRefused(name, quote(mine)));
    } else {
      report.line('ok', t.accepted(name, quote(mine), quote(madeUpLogin)));
      usable.push(url);
    }
    report.shape(t.refusalShape, 'refusal', answer);
  }
  if (urls.length > 1 && usable.length === 1) report.line('warn', t.oneHostOnly);
  return usable;
}
