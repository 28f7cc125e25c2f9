/**
 * Saving the QR where a phone's bank app looks for it: the photos. Where the browser can share files (iOS and
 * Android), the QR goes to the share sheet as one PNG, whose "Save Image" puts it in the gallery; elsewhere it is
 * downloaded. A share the customer cancels is not an error.
 */
const png = (dataUrl: string, name: string) =>
  new File([Uint8Array.from(atob(dataUrl.split(',')[1]), (c) => c.charCodeAt(0))], name, { type: 'image/png' });

/** Whether this browser can share an image file. */
export const canShareFiles = () => !!navigator.canShare?.({ files: [png('data:,', 'qr.png')] });

export async function saveQr(dataUrl: string, name: string, title: string): Promise<void> {
  const files = [png(dataUrl, name)];
  if (navigator.canShare?.({ files })) {
    try {
      return await navigator.share({ files, title, text: title });
    } catch (error) {
      // Cancelled: nothing to do. Refused (say, the tap's permission was used up): download instead.
      if ((error as Error).name === 'AbortError') return;
    }
  }
  Object.assign(document.createElement('a'), { href: dataUrl, download: name }).click();
}
