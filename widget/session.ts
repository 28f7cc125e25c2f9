/**
 * Remembers the bill in sessionStorage, so a reload mid-payment resumes it instead of creating a second one, and the
 * paid event fires once per payment even across reloads. Blocked or full storage only loses the resume.
 */
export interface Saved {
  id: string;
  token: string;
  /** Set once `maemanee-paid` has fired for this bill. */
  told?: boolean;
}

export function load(key: string): Saved | undefined {
  try {
    return JSON.parse(sessionStorage.getItem(key)!) ?? undefined;
  } catch {
    return undefined;
  }
}

export function save(key: string, value?: Saved): void {
  try {
    if (value) sessionStorage.setItem(key, JSON.stringify(value));
    else sessionStorage.removeItem(key);
  } catch {
    // storage blocked (privacy modes, sandboxed frames) or full
  }
}
