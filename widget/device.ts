/**
 * Whether the customer is on a phone: a touch screen no wider than a phone held sideways. A phone cannot scan
 * its own screen, so it pays with the QR saved to its photos; anything else shows the QR to be scanned by a phone.
 */
export const onPhone = () => matchMedia('(pointer:coarse) and (max-width:940px)').matches;
