/** The bars the tests enforce and the bench reports against. */

/** The CDN bundle: 10 KB, read as 10 KiB, measured with zlib at its strongest level (which gives more than GNU gzip -9). */
export const CDN_BUDGET_BYTES = 10 * 1024;
