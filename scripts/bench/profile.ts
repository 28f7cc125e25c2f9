/**
 * What the proxy spends a browser's poll on: the ledger-served confirm with an allowed Origin under load, with the
 * proxy started with `--cpu-prof`, and its CPU profile summed by where the code comes from. Shares are of the busy
 * samples (idle and module loading left out).
 */
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startBenchServers } from './servers-process.ts';
import { row } from './table.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a sample's code comes from, in words a reader of docs/performance.md can place; undefined: not work. */
function placeOf({ functionName, url }: ProfileNode['callFrame']): string | undefined {
  if (functionName === '(idle)' || /node:internal\/(modules|bootstrap|process\/report)|\/tsx\/|esbuild/.test(url)) return undefined;
  if (/^(writev|writeUtf8String|writeBuffer)$/.test(functionName) || /stream_base_commons|streams\/writable/.test(url)) return 'socket writes (the answer on the wire)';
  if (/node:(_http_|net|events|internal\/streams)/.test(url) || functionName.startsWith('RegExp:')) return "Node's HTTP server (parsing, headers)";
  if (/@hono\/node-server/.test(url)) return '@hono/node-server (Node request and response to fetch ones)';
  if (/node_modules\/hono\//.test(url)) return 'hono (routing, context, secure headers)';
  if (/node:internal\/deps\/undici/.test(url)) return "undici (fetch's Headers)";
  if (/node_modules\/libsql/.test(url)) return 'the ledger file (libsql: the reconciler\'s scans)';
  if (/node:internal\/crypto/.test(url)) return 'crypto (request ids)';
  const own = /\/(proxy\/[^/]+)\//.exec(url)?.[1];
  if (own) return `${own} (ours)`;
  if (functionName === '(garbage collector)') return 'garbage collector';
  return 'V8 and the event loop (promises, ticks, unattributed)';
}

export async function profile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'maemanee-profile-'));
  const servers = await startBenchServers({}, dir);
  const post = { method: 'POST' as const, headers: { 'content-type': 'text/plain', origin: 'https://shop.example' } };
  const paid = (await (await fetch(`${servers.proxy}/v1/payments`, { method: 'POST', body: JSON.stringify({ amount: 50, ref1: 'profile' }) })).json()) as { id: string; token: string };
  await servers.pay(paid.id);
  const url = `${servers.proxy}/v1/payments/${paid.id}/confirm`;
  const body = JSON.stringify({ token: paid.token });
  await fetch(url, { ...post, body });
  const load = await autocannon({ url, ...post, body, connections: 8, duration: 4 });
  servers.stop();
  // The profile is written as the proxy exits; the largest file is the main thread's (tsx's loader has its own).
  let file: string | undefined;
  for (let i = 0; i < 50 && !file; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const sized = await Promise.all((await readdir(dir)).map(async (f) => ({ f, size: (await stat(join(dir, f))).size })));
    file = sized.sort((a, b) => b.size - a.size)[0]?.f;
  }
  const data = JSON.parse(await readFile(join(dir, file!), 'utf8')) as Profile;
  const frames = new Map(data.nodes.map((n) => [n.id, n.callFrame]));
  const by = new Map<string, number>();
  data.samples.forEach((id, i) => {
    const place = placeOf(frames.get(id)!);
    if (place) by.set(place, (by.get(place) ?? 0) + (data.timeDeltas[i] ?? 0));
  });
  const busy = [...by.values()].reduce((a, b) => a + b, 0);
  row('profiled: confirm the ledger answers, with an allowed Origin, 8 connections, proxy under --cpu-prof', `${Math.round(load.requests.average)} req/s`, 'slower than unprofiled; the table below is where its busy time went');
  return [
    '| where the proxy\'s busy time goes | share |',
    '| --- | --- |',
    ...[...by].sort((a, b) => b[1] - a[1]).map(([place, t]) => `| ${place} | ${((t / busy) * 100).toFixed(1)} % |`),
  ].join('\n');
}
