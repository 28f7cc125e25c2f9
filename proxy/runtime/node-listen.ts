/** Serves a fetch handler on Node and resolves once it listens; shared by the Node entries, the demo and tests. */
import { serve } from '@hono/node-server';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** How long a slow client may hold a connection. */
export interface SlowClientLimits {
  /** Until a request's headers are complete, from the connection or from the previous response on it. */
  headersTimeoutMs?: number;
  /** Until the whole request has arrived, from its headers. */
  requestTimeoutMs?: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs?: number;
  /** Connections beyond this are refused. */
  maxConnections?: number;
}

type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

/** A connection's deadline: for its request's headers, or for the rest of its body; none while a response is made. */
interface Watch {
  until: number;
  request?: IncomingMessage;
}

/**
 * Cuts connections that send their request too slowly. Node's own headersTimeout and requestTimeout stop working
 * once a server has served some keep-alive traffic (seen here: after a minute of 60 autocannon connections, a client
 * sending half its headers stayed connected for good), so the server keeps the deadlines itself: one map of
 * connections, swept every `sweepMs`.
 */
function slowClientGuard(server: Server, headersTimeoutMs: number, requestTimeoutMs: number, sweepMs: number) {
  const watched = new Map<Socket, Watch>();
  server.on('connection', (socket: Socket) => {
    watched.set(socket, { until: Date.now() + headersTimeoutMs });
    socket.once('close', () => watched.delete(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const watch = watched.get(request.socket);
    if (!watch) return;
    watch.request = request;
    watch.until = request.complete ? Infinity : Date.now() + requestTimeoutMs;
    // The next request on a kept-alive connection has its own headers deadline.
    response.once('finish', () => {
      watch.request = undefined;
      watch.until = Date.now() + headersTimeoutMs;
    });
  });
  const timer = setInterval(() => {
    const now = Date.now();
    for (const [socket, watch] of watched) {
      if (watch.request?.complete) watch.until = Infinity;
      if (now > watch.until) {
        watched.delete(socket);
        socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        socket.destroySoon();
      }
    }
  }, sweepMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function listen(fetch: FetchHandler, port = 0, hostname = '127.0.0.1', limits: SlowClientLimits = {}): Promise<Listening> {
  const headersTimeout = limits.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(limits.requestTimeoutMs ?? 15_000, headersTimeout);
  return new Promise((resolve, reject) => {
    let stopGuard = () => {};
    const server = serve(
      {
        fetch,
        port,
        hostname,
        // Node's own checks are off: the guard below keeps both deadlines.
        serverOptions: { headersTimeout: 0, requestTimeout: 0, keepAliveTimeout: limits.keepAliveTimeoutMs ?? 5_000 },
      },
      (info: AddressInfo) => {
        resolve({
          url: `http://${hostname}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              stopGuard();
              server.close(() => done());
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        });
      },
    ) as Server;
    stopGuard = slowClientGuard(server, headersTimeout, requestTimeout, Math.min(1000, Math.ceil(headersTimeout / 4)));
    server.maxConnections = limits.maxConnections ?? 1024;
    server.once('error', reject);
  });
}
