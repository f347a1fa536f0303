// Where the SDK keeps the tokens of the signed-in person. Memory by default: nothing outlives the page,
// and a script injected into another page of the origin finds nothing. `session` keeps them in
// sessionStorage (this tab only, gone when it closes), so a reload does not sign the person out; any
// script running on the origin can read them there.
export type TokenStorage = 'memory' | 'session';

export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export class MemoryStore implements KeyValueStore {
  readonly #values = new Map<string, string>();

  get(key: string): string | null {
    return this.#values.get(key) ?? null;
  }

  set(key: string, value: string): void {
    this.#values.set(key, value);
  }

  remove(key: string): void {
    this.#values.delete(key);
  }
}

export class SessionStore implements KeyValueStore {
  get(key: string): string | null {
    return sessionStorage.getItem(key);
  }

  set(key: string, value: string): void {
    sessionStorage.setItem(key, value);
  }

  remove(key: string): void {
    sessionStorage.removeItem(key);
  }
}
