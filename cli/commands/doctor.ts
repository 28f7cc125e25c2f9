/**
 * `maemanee-pay doctor`: for the day before going live, with the merchant's own settings. Each check reports as it
 * finishes; the exit status is 1 when any found a problem.
 */
import { ConfigError, loadConfig, shownLedger, type ProxyConfig } from '../../proxy/config.ts';
import { checkLedger, checkRunningProxy } from '../doctor/ledger-check.ts';
import { checkPayment } from '../doctor/pay-check.ts';
import { Report } from '../doctor/report.ts';
import { checkOrigins, checkSecrets } from '../doctor/settings-check.ts';
import { checkUpstream } from '../doctor/upstream-check.ts';
import { checkWebhooks } from '../doctor/webhook-check.ts';
import { VERSION } from '../../proxy/version.ts';
import { CliError, defineCommand, wholeNumberArg } from '../command.ts';
import { langOption } from '../format.ts';

function describeConfig(report: Report, config: ProxyConfig): void {
  const { t } = report;
  report.section(t.settings);
  if (config.mode === 'sandbox') {
    report.line('info', t.sandboxMode);
  } else {
    const { user, password, conId } = config.credentials!;
    report.line('info', t.liveMode(user.length, password.length, conId.length));
    report.line('info', t.upstreamHosts(config.upstreamUrls.map((u) => new URL(u).host)));
    if (config.sandboxClaims) report.line('warn', t.sandboxClaims);
  }
  report.line('info', t.amounts(config.amountMin, config.amountMax, config.requireOrder, shownLedger(config.db)));
}

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'check credentials, upstream hosts, secrets, origins, webhooks and the ledger before going live',
  usage: '[--endpoint URL] [--pay BAHT] [--lang th|en]',
  help: `
Checks the settings in the environment (use --env, e.g. maemanee-pay --env .dev.vars doctor) and prints
a report you can paste into a support chat: secrets appear as …wxyz (their last four characters) at most,
credentials not at all, and what the upstream says with its credentials scrubbed and its control characters out.

  - each upstream host: whether it answers, how fast, whether it accepts your credentials and con_id, by asking for
    a bill that cannot exist (detail_pay of id_pay 0) with your credentials, a made-up login and a made-up con_id
    (nothing is created), and the answer's fields beside what the proxy expects;
  - MAEMANEE_SECRET's strength, and each webhook secret with the endpoints it signs for;
  - the origins allowed to call the proxy, and where pay links point (MAEMANEE_PUBLIC_URL, else the URL a link
    is made through, which must be allowed; with --endpoint, whether links made through it are);
  - each webhook endpoint: one signed delivery of a webhook.test event marked sandbox, which a receiver that
    follows the docs (docs/server.md) acknowledges and ignores;
  - the ledger: the Node file or PostgreSQL database (opened and written), or with --endpoint the running proxy's
    /health.

Options:
  --endpoint URL  also check a running proxy (a Worker, say): its /health, ledger and mode
  --pay BAHT      then create a real bill of BAHT (say 1), show its QR here, and wait while you pay it from your
                  own phone; reports the confirm's answer. The money goes to your own Mae Manee account.
  --lang th|en    the report's language (default: the locale's, from LC_ALL, LC_MESSAGES or LANG; th_TH is Thai)

Exit status 0 when nothing is wrong (warnings allowed), 1 when something is.`,
  options: { endpoint: { type: 'string' }, pay: { type: 'string' }, lang: { type: 'string' } },
  async run({ values }, io) {
    const amount = wholeNumberArg('--pay', values.pay as string | undefined, 1, 200_000);
    const endpoint = values.endpoint as string | undefined;
    if (endpoint !== undefined && !/^https?:\/\/[^/?#]+/.test(endpoint)) throw new CliError(`--endpoint must be the proxy's http(s) URL, not "${endpoint}"`);
    const lang = langOption(values.lang, io.env);
    const report = new Report(io.out, lang);
    io.out(`maemanee-pay doctor ${VERSION}, ${new Date().toISOString()}, Node ${process.version} on ${process.platform}\n`);
    let config: ProxyConfig;
    try {
      config = loadConfig(io.env, 'node');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      report.section(report.t.settings);
      report.line('fail', error.message);
      io.out(`\n${report.summary()}\n`);
      return 1;
    }
    if (amount !== undefined && config.mode === 'sandbox') throw new CliError('--pay needs live tmweasy credentials: the sandbox moves no money');
    describeConfig(report, config);
    let usable: string[] = [];
    if (config.mode === 'live') {
      usable = await checkUpstream(report, config.upstreamUrls, { ...config.credentials!, timeoutMs: config.upstreamTimeoutMs });
    }
    checkSecrets(report, config, io.env);
    checkOrigins(report, config, endpoint);
    await checkWebhooks(report, config);
    if (endpoint) await checkRunningProxy(report, endpoint, config);
    else await checkLedger(report, config);
    if (amount !== undefined) {
      if (usable.length === 0) report.line('fail', report.t.noPaymentTried);
      else await checkPayment(report, usable[0], { ...config.credentials!, timeoutMs: config.upstreamTimeoutMs }, { amount, stopped: io.stopped });
    }
    io.out(`\n${report.summary()}\n`);
    return report.problems > 0 ? 1 : 0;
  },
});
