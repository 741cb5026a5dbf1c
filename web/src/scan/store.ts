/**
 * Where the scanner keeps what must survive a reload or a dead battery: the device token, the open session, the
 * upload queue and each event's manifest. A tiny key-value interface so the logic is tested in Node with the
 * in-memory store; the browser uses IndexedDB (idb-store.ts), else localStorage.
 */

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key (to forget a device's data on sign-out). */
  keys(): Promise<string[]>;
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** In memory, copying values in and out like a real store would (so tests catch accidental sharing). */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  async get<T>(key: string) {
    return clone(this.data.get(key)) as T | undefined;
  }
  async set(key: string, value: unknown) {
    this.data.set(key, clone(value));
  }
  async delete(key: string) {
    this.data.delete(key);
  }
  async keys() {
    return [...this.data.keys()];
  }
}

/** Browsers where IndexedDB will not open (some private modes): localStorage, under a prefix. */
export class LocalStorageStore implements KeyValueStore {
  constructor(
    private readonly storage: Storage,
    private readonly prefix = 'vgscan:',
  ) {}
  async get<T>(key: string) {
    const raw = this.storage.getItem(this.prefix + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }
  async set(key: string, value: unknown) {
    this.storage.setItem(this.prefix + key, JSON.stringify(value));
  }
  async delete(key: string) {
    this.storage.removeItem(this.prefix + key);
  }
  async keys() {
    const out: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const k = this.storage.key(i);
      if (k?.startsWith(this.prefix)) out.push(k.slice(this.prefix.length));
    }
    return out;
  }
}
