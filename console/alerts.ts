/**
 * Sound alerts: a phone on the counter becomes the shop's payment speaker. Turned on by a tap (browsers speak and play
 * sound only after one), each payment paid after that moment is said aloud in the console's language, with a short
 * chime and a vibration where the device has them, once; the screen is kept awake while alerts are on, and again
 * when the page comes back into view (the browser releases the lock whenever it is hidden).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TodayEntry } from '../contract/console.ts';
import { spokenAmount } from './format.ts';
import { format, type Strings } from './i18n/index.ts';

export class SoundAlerts implements ReactiveController {
  on = false;
  /** Entries at or before this cursor were on screen when alerts were turned on: never announced. */
  private since = 0;
  private readonly said = new Set<string>();
  private lock?: WakeLockSentinel;
  private audio?: AudioContext;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly texts: () => Strings,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.turnOff();
  }

  /** In the tap's handler: `cursor` is the newest entry on screen. */
  turnOn(cursor: number): void {
    this.on = true;
    this.since = cursor;
    if (typeof AudioContext === 'function') {
      this.audio ??= new AudioContext();
      void this.audio.resume();
    }
    // Said now, within the tap, so that the browser lets later utterances through, and the seller hears the volume.
    this.speak(this.texts().alertsReady);
    void this.keepAwake();
    this.host.requestUpdate();
  }

  turnOff(): void {
    this.on = false;
    void this.lock?.release().catch(() => {});
    this.lock = undefined;
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
    this.host.requestUpdate();
  }

  /** New entries, oldest first: each paid one not yet announced, after alerts were turned on, is announced. */
  announce(entries: TodayEntry[]): void {
    if (!this.on) return;
    for (const { seq, event } of entries) {
      if (event.type !== 'payment.paid' || seq <= this.since || this.said.has(event.id)) continue;
      this.said.add(event.id);
      const t = this.texts();
      this.chime();
      navigator.vibrate?.([120, 80, 120]);
      this.speak(format(t.spokenPaid, { amount: spokenAmount(t, event.data.amount) }));
    }
  }

  private speak(text: string): void {
    if (typeof speechSynthesis === 'undefined') return;
    const lang = this.texts().speechLang;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    const voice = speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-').toLowerCase().startsWith(lang.slice(0, 2)));
    if (voice) utterance.voice = voice;
    speechSynthesis.speak(utterance);
  }

  /** Two short rising tones, made on the spot: no sound file to load. */
  private chime(): void {
    const audio = this.audio;
    if (!audio) return;
    const start = audio.currentTime;
    [880, 1318.5].forEach((frequency, i) => {
      const at = start + i * 0.15;
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.4);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.45);
    });
  }

  private async keepAwake(): Promise<void> {
    if (!this.on || (this.lock && !this.lock.released) || !navigator.wakeLock) return;
    try {
      const lock = await navigator.wakeLock.request('screen');
      if (this.on) this.lock = lock;
      else await lock.release();
    } catch {
      // Refused (low battery, a hidden page): the alerts still speak while the screen is on.
    }
  }

  private onVisibility = () => {
    if (document.visibilityState === 'visible') void this.keepAwake();
  };
}
