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
  try {
    navigator.vibrate?.(screen.vibrate);
  } catch {
    // vibration is a nicety
  }
  if (!opts.sound || !ctx) return;
  let t = ctx.currentTime + 0.01;
  for (const beep of screen.beeps) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = screen.tone === 'invalid' ? 'square' : 'sine';
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
