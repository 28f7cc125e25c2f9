/**
 * The screens before a session: the start (sign in with a passkey, or how to get a sign-in link), signing in with a
 * link, and the offer to add a passkey once signed in (where the browser can keep one). The app holds the session, so these are templates it fills.
 */
import { html } from 'lit';
import type { Strings } from '../i18n/index.ts';

export function startView(t: Strings, passkeys: boolean, busy: boolean, signIn: () => void) {
  return html`<section class="card">
    <h1 tabindex="-1">${t.startTitle}</h1>
    ${passkeys
      ? html`<button data-passkey-signin ?disabled=${busy} @click=${signIn}>${t.signInPasskey}</button>`
      : html`<p>${t.noPasskeys}</p>`}
    <p class="muted">${t.startHelp}</p>
  </section>`;
}

export function signingInView(t: Strings) {
  return html`<section class="card"><h1 tabindex="-1">${t.signingIn}</h1></section>`;
}

export function passkeyOfferView(t: Strings, busy: boolean, add: () => void, later: () => void) {
  return html`<section class="card">
    <h1 tabindex="-1">${t.passkeyTitle}</h1>
    <p>${t.passkeyHelp}</p>
    <div class="actions">
      <button data-add-passkey ?disabled=${busy} @click=${add}>${t.addPasskey}</button>
      <button class="quiet" @click=${later}>${t.later}</button>
    </div>
  </section>`;
}
