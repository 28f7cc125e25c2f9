/** `maemanee-pay secret`: a new secret to set, never one already configured. */
import { newWebhookSecret } from '../../server-kit/webhook-signature.ts';
import { defineCommand } from '../command.ts';

/** 48 random bytes as base64url: 64 characters, 384 bits, well past MAEMANEE_SECRET's 32-character floor. */
export function newSigningSecret(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(48)))).replace(/\+/g, '-').replace(/\//g, '_');
}

export const secretCommand = defineCommand({
  name: 'secret',
  summary: 'print a new MAEMANEE_SECRET, or with --webhook a new whsec_ webhook secret',
  usage: '[--webhook]',
  help: `
Prints a new random secret, made here from the system's cryptographic random source, and nothing else:
  maemanee-pay secret            MAEMANEE_SECRET: 64 characters (48 random bytes, base64url)
  maemanee-pay secret --webhook  MAEMANEE_WEBHOOK_SECRET: whsec_ and the base64 of 32 random bytes

Set it where the proxy reads it, e.g. maemanee-pay secret | npx wrangler secret put MAEMANEE_SECRET`,
  options: { webhook: { type: 'boolean' } },
  async run({ values }, io) {
    io.out(`${values.webhook ? newWebhookSecret() : newSigningSecret()}\n`);
  },
});
