/** Health: `maemanee-pay doctor` at a glance: the upstream, the ledger, each webhook endpoint, the version and mode. */
import { html } from 'lit';
import type { ConsoleHealth } from '../../contract/console.ts';
import { format } from '../i18n/index.ts';
import { ConsoleView } from '../view.ts';

export class HealthView extends ConsoleView {
  static override properties = { ...ConsoleView.properties, health: { state: true } };

  private health?: ConsoleHealth;

  protected override async load() {
    const health = await this.run(() => this.api.health());
    if (health) this.health = health;
  }

  override render() {
    const t = this.t;
    const h = this.health;
    const state = (good: boolean, bad: string) => html`<dd class=${good ? 'paid' : 'error'}>${good ? t.ok : bad}</dd>`;
    return html`<section>
      <h1 tabindex="-1">${t.healthTitle}</h1>
      ${this.errorView()}
      ${h
        ? html`<dl class="card">
              <dt>${t.upstream}</dt>
              ${state(h.upstream === 'ok', t.refusing)}
              <dt>${t.ledger}</dt>
              ${state(h.ledger === 'ok', t.failing)}
              <dt>${t.mode}</dt>
              <dd>${h.mode === 'live' ? t.modeLive : t.modeSandbox}</dd>
              <dt>${t.version}</dt>
              <dd>${h.version}</dd>
            </dl>
            <h2>${t.webhooks}</h2>
            ${h.webhooks.length
              ? html`<ul class="card entries">
                  ${h.webhooks.map(
                    (w) => html`<li data-webhook>
                      <strong class="title">${w.endpoint}</strong>
                      <span class=${w.failing || w.gaveUp ? 'error' : 'paid'}>${w.failing || w.gaveUp ? '' : t.ok}</span>
                      ${w.failing ? html`<span class="meta error">${format(t.failingDeliveries, { count: w.failing })}</span>` : ''}
                      ${w.gaveUp ? html`<span class="meta error">${format(t.gaveUpDeliveries, { count: w.gaveUp })}</span>` : ''}
                      ${w.lastError ? html`<span class="meta">${format(t.lastError, { error: w.lastError })}</span>` : ''}
                    </li>`,
                  )}
                </ul>`
              : html`<p class="muted">${t.noWebhooks}</p>`}
            <button class="quiet" @click=${this.load}>${t.retry}</button>`
        : this.error ? html`<button @click=${this.load}>${t.retry}</button>` : html`<p class="muted">${t.loading}</p>`}
    </section>`;
  }
}
