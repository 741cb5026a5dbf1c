/** `npm run dev` on free ports with its own state: one implementation, in bench/lib/dev-platform.mjs (the benchmarks use it too). */
export { startDev, verificationLink, type Platform } from '../../../bench/lib/dev-platform.mjs';
