/**
 * The camera: the back camera (getUserMedia, facingMode environment) read by the browser's BarcodeDetector when it
 * has one (Android Chrome), else by jsQR (loaded on first use) on frames drawn to a canvas. Frames are decoded at a
 * bounded rate and the same code is taken once per ~2 s (reads.ts); nothing is taken while `paused`.
 */
import { useEffect, useRef, useState } from 'react';
import { ReadFilter } from './reads';

type Detector = { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> };
type DetectorCtor = { new (opts: { formats: string[] }): Detector; getSupportedFormats?: () => Promise<string[]> };

async function makeDecoder(): Promise<(video: HTMLVideoElement, canvas: HTMLCanvasElement) => Promise<string | null>> {
  const BD = (globalThis as unknown as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;
  if (BD) {
    try {
      const formats = (await BD.getSupportedFormats?.()) ?? ['qr_code'];
      if (formats.includes('qr_code')) {
        const detector = new BD({ formats: ['qr_code'] });
        return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
      }
    } catch {
      // fall through to jsQR
    }
  }
  const { default: jsQR } = await import('jsqr');
  return async (video, canvas) => {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    const scale = Math.min(1, 720 / Math.max(w, h));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const g = canvas.getContext('2d', { willReadFrequently: true });
    if (!g) return null;
    g.drawImage(video, 0, 0, canvas.width, canvas.height);
    const img = g.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(img.data, img.width, img.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
  };
}

export function cameraSupported() {
  return typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);
}

/** A live camera view that reports each new QR code it reads. */
export function CameraScanner({ onCode, paused, label }: { onCode: (code: string) => void; paused: boolean; label: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(true);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const filter = new ReadFilter();
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
        if (stopped) return;
        const v = video.current!;
        v.srcObject = stream;
        await v.play().catch(() => undefined);
        const decode = await makeDecoder();
        setStarting(false);
        let decoding = false;
        const loop = async () => {
          if (stopped) return;
          const now = performance.now();
          if (!decoding && filter.frameDue(now) && v.readyState >= 2) {
            decoding = true;
            try {
              const code = await decode(v, canvas.current!);
              if (code && filter.accept(code, performance.now(), pausedRef.current)) onCodeRef.current(code);
            } catch {
              // a frame that failed to decode is just skipped
            } finally {
              decoding = false;
            }
          }
          timer = setTimeout(loop, 40);
        };
        void loop();
      } catch (e) {
        setStarting(false);
        const name = e instanceof DOMException ? e.name : '';
        setError(
          name === 'NotAllowedError'
            ? 'Camera permission was refused. Allow the camera for this site in the browser settings, or type the code below.'
            : name === 'NotFoundError' || name === 'OverconstrainedError'
              ? 'No camera found on this device. Type the code below.'
              : 'The camera could not start. Type the code below.',
        );
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, []);

  return (
    <div className="camera">
      {error ? (
        <p className="banner error" role="alert">
          {error}
        </p>
      ) : (
        <>
          <video ref={video} className="camera-view" muted playsInline aria-label={label} />
          <div className="camera-frame" aria-hidden="true" />
          {starting && <p className="camera-note">Starting the camera…</p>}
        </>
      )}
      <canvas ref={canvas} hidden />
    </div>
  );
}
