/**
 * The link form's draft kept in the tab's sessionStorage, so that a look at Today or a reload of the tab loses nothing
 * the seller typed. It is the seller's own words on their own device (what they sell, what to ask): no secret and no
 * buyer's details. It goes when the link is made, when the seller clears the form, and at sign-out (`forgetDraft`,
 * which the first load carries: this module holds no more than the storage, the draft's shape is `link-draft.ts`'s).
 */
const KEY = 'maemanee-console-link-draft';

/** Storage a browser refuses (a private window's, one full) only means the draft is not kept. */
function attempt<T>(use: () => T): T | undefined {
  try {
    return use();
  } catch {
    return undefined;
  }
}

export const forgetDraft = () => attempt(() => sessionStorage.removeItem(KEY));

export const keepDraft = (form: object) => attempt(() => sessionStorage.setItem(KEY, JSON.stringify(form)));

/** What was kept, as it was kept; undefined for nothing (or nothing readable). */
export const keptDraft = (): unknown => attempt(() => JSON.parse(sessionStorage.getItem(KEY) ?? 'null') ?? undefined);
