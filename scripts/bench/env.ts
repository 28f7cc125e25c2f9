/** The environment of the live-mode proxy the bench measures, in front of a simulator at `upstream`. */
import { SANDBOX_CREDENTIALS } from '../../sandbox/index.ts';

export function benchProxyEnv(upstream: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    // The sandbox's published credentials: receipts stay marked sandbox.
    TMWEASY_USER: SANDBOX_CREDENTIALS.user,
    TMWEASY_PASSWORD: SANDBOX_CREDENTIALS.password,
    TMWEASY_CON_ID: SANDBOX_CREDENTIALS.conId,
    MAEMANEE_SECRET: 'bench-secret-0123456789abcdef-0123456789',
    MAEMANEE_UPSTREAM: `${upstream}/api_mn.php`,
    ...extra,
  };
}
