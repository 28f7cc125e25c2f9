/**
 * A URL to hand on at once: a large QR to show the customer (or a staff phone), the URL itself, and the phone's share
 * sheet, LINE and copy. Used for a new pay link and for a staff invite.
 */
import { html, LitElement } from 'lit';
import type { Strings } from '../i18n/index.ts';
import { format } from '../i18n/index.ts';
import { qrCode } from '../qr.ts';
import { canShare, copyText, lineShareUrl } from '../share.ts';
import { styles } from '../styles.ts';

export class SharePanel extends LitElement {
  static override styles = styles;
  static override properties = {
    t: { attribute: false },
    url: {},
    /** What goes before the URL in a message. */
    text: {},
    /**
     * Whether the URL is a link this phone may open. Not a staff invite's: it signs in once, as whoever opens it, so
     * the owner who tapped it would sign this phone in as staff.
     */
    openable: { type: Boolean },
    note: { state: true },
  };

  t!: Strings;
  url = '';
  text = '';
  openable = true;
  private note = '';

  private get message() {
    return this.text ? `${this.text}\n${this.url}` : this.url;
  }

  private share = async () => {
    try {
      await navigator.share({ text: this.text, url: this.url });
    } catch {
      // Closed by the seller, or refused: the other ways are on screen.
    }
  };

  private line = () => window.open(lineShareUrl(this.message), '_blank', 'noopener');

  private copy = async () => {
    this.note = (await copyText(this.url)) ? this.t.copied : this.t.copyFailed;
  };

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('url')) this.note = '';
  }

  override render() {
    const t = this.t;
    return html`<div class="card">
      ${qrCode(this.url, format(t.qrOf, { url: this.url }))}
      <p class="url">${this.openable ? html`<a class="go" href=${this.url} target="_blank" rel="noopener">${this.url}</a>` : this.url}</p>
      <div class="actions">
        ${canShare() ? html`<button data-share @click=${this.share}>${t.share}</button>` : ''}
        <button data-line class=${canShare() ? 'quiet' : ''} @click=${this.line}>${t.shareLine}</button>
        <button data-copy class="quiet" @click=${this.copy}>${t.copy}</button>
      </div>
      <p role="status" class=${this.note ? '' : 'visually-hidden'}>${this.note}</p>
    </div>`;
  }
}
