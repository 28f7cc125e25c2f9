/** Whether a host is this machine: where plain http is allowed, as nothing then crosses a network in the clear. */
export const loopback = (hostname: string) => hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);

/** https, or http to this machine: credentials and payment facts never cross a network in the clear. */
export function secureOrLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || (protocol === 'http:' && loopback(hostname));
}
