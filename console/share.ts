/** The ways a seller hands a URL on from the phone: its share sheet, LINE, the clipboard. */

/** LINE's share page, which opens the LINE app with the text ready to send to a chat. */
export const lineShareUrl = (text: string) => `https://line.me/R/share?text=${encodeURIComponent(text)}`;

export const canShare = () => typeof navigator.share === 'function';

/** Whether the text reached the clipboard (a browser may refuse outside a secure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
