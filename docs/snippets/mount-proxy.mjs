// The proxy inside your own Hono app on Node, under /pay (startNodeProxy does all of this for a proxy of its own).
import { Hono } from 'hono';
import { createProxy, loadConfig } from '@maemanee-pay/proxy';
import { openSqliteLedger, startReconciler } from '@maemanee-pay/proxy/node';

const app = new Hono();
const proxy = await createProxy(loadConfig(process.env, 'node'), { ledger: await openSqliteLedger('.maemanee/ledger.sqlite') });
app.route('/pay', proxy);
startReconciler(proxy.payments, console.log); // the proxy's own checks of pending bills, and its webhooks
