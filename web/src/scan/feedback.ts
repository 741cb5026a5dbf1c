/**
 * Sound and vibration for a result: WebAudio beeps (no audio files) and navigator.vibrate. Browsers only let a page
 * make sound after a tap, so unlockAudio() is called from the "Start scanning" / "Check ticket" buttons.
 */
import type { ResultScreen } from './screen';

let ctx: AudioContext | null = null;

export function unlockAudio() {
  try {
    const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return;
    ctx ??= new Ctor();
    if (ctx.state === 'suspended') void ctx.resume();
  } catch {
    ctx = null;
  }
}

export function playFeedback(screen: ResultScreen, opts: { sound: boolean }) {
  play(screen.vibrate, screen.beeps, screen.tone === 'invalid' ? 'square' : 'sine', opts.sound);
}

/** The alarm for a double admission found after upload: longer and more insistent than any scan result. */
export const ALARM = {
  vibrate: [300, 100, 300, 100, 600],
  beeps: [
    { hz: 880, ms: 180, gapMs: 60 },
    { hz: 440, ms: 180, gapMs: 60 },
    { hz: 880, ms: 180, gapMs: 60 },
    { hz: 440, ms: 400, gapMs: 0 },
  ],
};

export function playAlarm(opts: { sound: boolean }) {
  play(ALARM.vibrate, ALARM.beeps, 'sawtooth', opts.sound);
}

function play(vibrate: number[], beeps: ResultScreen['beeps'], type: OscillatorType, sound: boolean) {
  try {
    navigator.vibrate?.(vibrate);
  } catch {
    // vibration is a nicety
  }
  if (!sound || !ctx) return;
  let t = ctx.currentTime + 0.01;
  for (const beep of beeps) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = type;
    osc.frequency.value = beep.hz;
    const end = t + beep.ms / 1000;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.3, t + 0.01);
    gain.gain.setValueAtTime(0.3, end - 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, end);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(end + 0.01);
    t = end + beep.gapMs / 1000;
  }
}
