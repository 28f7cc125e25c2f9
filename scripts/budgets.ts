/** The bars the tests enforce and the bench reports against. */

/** The CDN bundle: 11 KiB with the same-phone kit (the phone issue), measured with zlib at its strongest level (which gives more than GNU gzip -9). */
export const CDN_BUDGET_BYTES = 11 * 1024;

/**
 * The console's first load: its page and the script it names (lit, the app shell, Today and the texts), measured as
 * the CDN bundle is. The owner's views and passkeys come later, in chunks of their own.
 */
export const CONSOLE_FIRST_LOAD_BUDGET_BYTES = 20 * 1024;
