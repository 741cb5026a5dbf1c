/** Join and buyer-session ids: random, unguessable (they end up in signed tokens, never as the only proof). */
import { newId } from '../../src/platform/ids';

export const newJoinId = () => newId('qjn');
export const newSessionId = () => newId('qss');
