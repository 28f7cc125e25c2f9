/** Serves a fetch handler on Node and resolves once it listens; shared by the Node entries, the demo and tests. */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** How long a slow client may hold a connection. */
export interface SlowClientLimits {
  /** Until the request's headers are complete; a client that never finishes them is cut. */
  headersTimeoutMs?: number;
  /** Until the whole request has arrived. */
  requestTimeoutMs?: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs?: number;
  /** Connections beyond this are refused. */
  maxConnections?: number;
}

type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

export function listen(fetch: FetchHandler, port = 0, hostname = '127.0.0.1', limits: SlowClientLimits = {}): Promise<Listening> {
  const headersTimeout = limits.headersTimeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch,
        port,
        hostname,
        serverOptions: {
          headersTimeout,
          requestTimeout: Math.max(limits.requestTimeoutMs ?? 15_000, headersTimeout),
          keepAliveTimeout: limits.keepAliveTimeoutMs ?? 5_000,
          // Node checks the two timeouts above on this interval (30 s by default, which would let a slow client stay).
          connectionsCheckingInterval: Math.min(1000, Math.ceil(headersTimeout / 2)),
        },
      },
      (info: AddressInfo) => {
        resolve({
          url: `http://${hostname}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        });
      },
    ) as Server;
    server.maxConnections = limits.maxConnections ?? 1024;
    server.once('error', reject);
  });
}
