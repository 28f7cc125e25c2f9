/** Per-client limits on creating payments. */

export interface RateLimiter {
  limit(key: string): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/** A fixed window per key, in this instance's memory. */
export function memoryRateLimiter(limit: number, windowSeconds: number, now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async limit(key) {
      const t = now();
      const windowMs = windowSeconds * 1000;
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        if (windows.size > 10_000) {
          for (const [k, old] of windows) if (t - old.start >= windowMs) windows.delete(k);
        }
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return { allowed: w.count <= limit, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) };
    },
  };
}

/** The shape of a Cloudflare Workers rate-limiting binding (`[[ratelimits]]` in wrangler.toml). */
export interface CloudflareRateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export function cloudflareRateLimiter(binding: CloudflareRateLimitBinding, periodSeconds: number): RateLimiter {
  return {
    async limit(key) {
      const { success } = await binding.limit({ key });
      return { allowed: success, retryAfterSeconds: periodSeconds };
    },
  };
}
