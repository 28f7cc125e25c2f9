/** A Content Security Policy source that allows one inline text (a page's stylesheet) by its SHA-256, never 'unsafe-inline'. */
export async function cspHash(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}
