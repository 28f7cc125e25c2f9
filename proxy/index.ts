/** `maemanee-pay/proxy`: the proxy as a library, to mount in an existing Hono app or serve from any runtime. */
export { createApp, type AppOptions } from './http/app.ts';
export { jsonLog, type Log } from './log.ts';
export { createProxy, type ProxyOptions } from './create-proxy.ts';
export { loadConfig, describeMode, ConfigError, type ProxyConfig, type Env } from './config.ts';
export { createUpstream, type Upstream, type UpstreamOptions } from './upstream/client.ts';
export { memoryRateLimiter, cloudflareRateLimiter, type RateLimiter } from './http/rate-limit.ts';
