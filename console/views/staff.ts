/**
 * Staff: invite a staff member (a QR their phone scans, usable once, 24 h, or a link to send), the members with their
 * signed-in devices and passkeys, and revoking a member, a device or a passkey, each confirmed first.
 */
import { html } from 'lit';
import type { Invite, MemberDevices } from '../../contract/console.ts';
import { when } from '../format.ts';
import { format } from '../i18n/index.ts';
import { ConsoleView } from '../view.ts';

/** What the owner is about to revoke. */
type Revoking = { kind: 'member' | 'session' | 'passkey'; id: string; name: string };

export class StaffView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    members: { state: true },
    invite: { state: true },
    revoking: { state: true },
    inviting: { state: true },
  };

  private members?: MemberDevices[];
  private invite?: Invite;
  private revoking?: Revoking;
  private inviting = false;

  protected override async load() {
    const page = await this.run(() => this.api.members());
    if (page) this.members = page.members;
  }

  private makeInvite = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get('name')).trim();
    this.inviting = true;
    const invite = await this.run(() => this.api.invite({ role: 'staff', name }));
    this.inviting = false;
    if (!invite) return;
    form.reset();
    this.invite = invite;
  };

  private revoke = async ({ kind, id }: Revoking) => {
    this.revoking = undefined;
    const call = { member: this.api.revokeMember, session: this.api.revokeSession, passkey: this.api.removePasskey }[kind];
    if (await this.run<object>(() => call(id))) await this.load();
  };

  override render() {
    const t = this.t;
    return html`<section>
      <h1 tabindex="-1">${t.staffTitle}</h1>
      <p class="muted">${t.staffHelp}</p>
      <form class="card" @submit=${this.makeInvite}>
        <label>${t.inviteName} <input name="name" required maxlength="60" autocomplete="off" /></label>
        <button type="submit" ?disabled=${this.inviting}>${t.invite}</button>
      </form>
      ${this.errorView()}
      ${this.invite
        ? html`<p role="status">${format(t.inviteMade, { time: when(t, this.invite.expiresAt) })}</p>
            <console-share .t=${t} url=${this.invite.url} .openable=${false} text=${format(t.inviteText, { name: this.invite.name ?? '' })}></console-share>`
        : ''}
      <h2>${t.members}</h2>
      ${this.members ? html`<ul class="review">${this.members.map((m) => this.member(m))}</ul>` : this.error ? '' : html`<p class="muted">${t.loading}</p>`}
    </section>`;
  }

  private member(m: MemberDevices) {
    const t = this.t;
    const name = m.name ?? t.owner;
    return html`<li class="card" data-member=${m.id}>
      <div class="row">
        <h3>${name}</h3>
        <span class="badge">${m.role === 'owner' ? t.owner : t.staffRole}</span>
      </div>
      <p class="muted">${format(t.since, { time: when(t, m.createdAt) })}</p>
      <h4>${t.devices}</h4>
      <ul>
        ${m.sessions.map(
          (s) => html`<li class="row" data-session=${s.id}>
            <span>${s.label}${s.id === this.me.session ? html` <strong>(${t.thisDevice})</strong>` : ''}<br /><small class="muted"
                >${format(t.lastUsed, { time: when(t, s.lastSeenAt) })}</small
              ></span
            >
            ${s.id === this.me.session ? '' : this.revokeButton({ kind: 'session', id: s.id, name: s.label }, t.revokeDevice)}
          </li>`,
        )}
        ${m.passkeys.map(
          (p) => html`<li class="row" data-passkey=${p.id}>
            <span>🔑 ${p.label}<br /><small class="muted">${format(t.lastUsed, { time: when(t, p.lastUsedAt ?? p.createdAt) })}</small></span>
            ${this.revokeButton({ kind: 'passkey', id: p.id, name: p.label }, t.revokeDevice)}
          </li>`,
        )}
        ${m.sessions.length || m.passkeys.length ? '' : html`<li class="muted">${t.noDevices}</li>`}
      </ul>
      ${m.role === 'staff' ? this.revokeButton({ kind: 'member', id: m.id, name }, t.revoke) : ''}
    </li>`;
  }

  private revokeButton(target: Revoking, label: string) {
    const t = this.t;
    if (this.revoking?.kind === target.kind && this.revoking.id === target.id) {
      return html`<div class="actions">
        <p>${format(target.kind === 'member' ? t.revokeConfirm : t.revokeDeviceConfirm, { name: target.name })}</p>
        <button class="danger" data-confirm-revoke @click=${() => this.revoke(target)}>${t.confirmYes}</button>
        <button class="quiet" @click=${() => (this.revoking = undefined)}>${t.cancel}</button>
      </div>`;
    }
    return html`<button class="danger" data-revoke=${target.kind} aria-label="${label}: ${target.name}" @click=${() => (this.revoking = target)}>${label}</button>`;
  }
}
