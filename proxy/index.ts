/** `maemanee-pay/proxy`: the proxy as a library, to mount in an existing Hono app or serve from any runtime. */
export { createApp, type AppOptions } from './app.ts';
export { createProxy, type ProxyOptions } from './proxy.ts';
export { loadConfig, describeMode, ConfigError, type ProxyConfig, type Env } from './config.ts';
export { createUpstream, type Upstream, type UpstreamOptions } from './upstream.ts';
export { Simulator, createSimulatorHost, type SimulatorSettings, type Fault } from './simulator.ts';
export { memoryRateLimiter, cloudflareRateLimiter, type RateLimiter } from './rate-limit.ts';
