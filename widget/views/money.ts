/** What the views share besides the texts: how money is written, the same in both languages. */

/** Baht as Thai shops write it in both languages: ฿1,234.00. */
export const money = (amount: number) => `฿${amount.toLocaleString('en', { minimumFractionDigits: 2 })}`;
