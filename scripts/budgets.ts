/** The bars the tests enforce and the bench reports against. */

/** The CDN bundle: 11 KiB with the same-phone kit (the phone issue), measured with zlib at its strongest level (which gives more than GNU gzip -9). */
export const CDN_BUDGET_BYTES = 11 * 1024;
