/** Per-client limits. */

export interface RateLimiter {
  limit(key: string): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/** Distinct keys one window remembers; beyond it, new keys share one count, so memory stays bounded under any load. */
const MAX_KEYS = 100_000;

/**
 * A fixed window per key, in this instance's memory. Windows are aligned for all keys, so a new window is a new Map
 * and the old one is dropped whole: each request costs the same however many keys there are.
 */
export function memoryRateLimiter(limit: number, windowSeconds: number, now: () => number = Date.now): RateLimiter {
  const windowMs = windowSeconds * 1000;
  let window = -1;
  let counts = new Map<string, number>();
  return {
    async limit(key) {
      const t = now();
      const current = Math.floor(t / windowMs);
      if (current !== window) {
        window = current;
        counts = new Map();
      }
      const k = counts.has(key) || counts.size < MAX_KEYS ? key : '(overflow)';
      const count = (counts.get(k) ?? 0) + 1;
      counts.set(k, count);
      return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(((current + 1) * windowMs - t) / 1000)) };
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
