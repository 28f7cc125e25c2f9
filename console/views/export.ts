/** Export: the payments of a range of Bangkok days as the proxy's CSV (UTF-8 with a BOM, so Excel keeps Thai), in the console's language. */
import { html } from 'lit';
import { bangkokDay } from '../format.ts';
import { ConsoleView } from '../view.ts';

export class ExportView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    from: { state: true },
    to: { state: true },
  };

  private from = bangkokDay();
  private to = bangkokDay();

  private pick = (event: Event) => {
    const input = event.target as HTMLInputElement;
    if (input.name === 'from') this.from = input.value;
    else this.to = input.value;
  };

  override render() {
    const t = this.t;
    const valid = Boolean(this.from && this.to && this.from <= this.to);
    return html`<section class="card">
      <h1 tabindex="-1">${t.exportTitle}</h1>
      <p class="muted">${t.exportHelp}</p>
      <div class="grid2">
        <label>${t.from} <input name="from" type="date" .value=${this.from} max=${this.to} @input=${this.pick} /></label>
        <label>${t.to} <input name="to" type="date" .value=${this.to} min=${this.from} @input=${this.pick} /></label>
      </div>
      ${valid
        ? html`<a class="button" data-download href=${this.api.exportUrl(this.from, this.to, t.lang)} download="maemanee-pay-${this.from}-${this.to}.csv"
            >${t.download}</a
          >`
        : html`<p class="notice error" role="alert">${t.badRange}</p>`}
    </section>`;
  }
}
