/** The browser's store for the scanner: one IndexedDB object store of keys and values (idb), else localStorage. */
import { openDB, type IDBPDatabase } from 'idb';
import { LocalStorageStore, MemoryStore, type KeyValueStore } from './store';

class IdbStore implements KeyValueStore {
  constructor(private readonly db: IDBPDatabase) {}
  async get<T>(key: string) {
    return (await this.db.get('kv', key)) as T | undefined;
  }
  async set(key: string, value: unknown) {
    await this.db.put('kv', value, key);
  }
  async delete(key: string) {
    await this.db.delete('kv', key);
  }
  async keys() {
    return (await this.db.getAllKeys('kv')).map(String);
  }
}

export async function openStore(): Promise<KeyValueStore> {
  try {
    const db = await openDB('voelgoed-scan', 1, {
      upgrade(db) {
        db.createObjectStore('kv');
      },
    });
    return new IdbStore(db);
  } catch {
    try {
      localStorage.setItem('vgscan:probe', '1');
      localStorage.removeItem('vgscan:probe');
      return new LocalStorageStore(localStorage);
    } catch {
      return new MemoryStore();
    }
  }
}
