/** The heading of a view that reports an outcome: focusable, so focus can follow the customer into it. */
import { html } from 'lit';

export const message = (text: string, kind: string) => html`<h2 part="message" class=${kind} tabindex="-1" data-focus>${text}</h2>`;
