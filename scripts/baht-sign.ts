/** The brand's mark: a white baht sign on the pay card's blue, as paths on a 32×32 grid (no font needed). */
export const BLUE_HEX = '#113f8c';

export const BAHT_SIGN = `<path d="M10 7.5H16.5A3.75 3.75 0 0 1 16.5 15H10ZM10 15H17.5A4.75 4.75 0 0 1 17.5 24.5H10Z" fill="none" stroke="#fff" stroke-width="3" stroke-linejoin="round"/>
  <path d="M15 3.5V28.5" stroke="#fff" stroke-width="2.25"/>`;
