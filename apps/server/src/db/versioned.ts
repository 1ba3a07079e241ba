import type { Db } from "./client.js";

/** How often, at most, a process asks the database whether cached data changed elsewhere. */
export const VERSION_CHECK_MS = 1000;

/**
 * Something a process derives from tables and keeps, per database, current by a version token: a row a trigger
 * gives a fresh random value in every transaction that changes those tables (grids_version, cache_versions), so
 * equal tokens mean equal data.
 */
export interface Versioned<T> {
  /**
   * The value, loaded on first use; loaded again after a change this process made (`markChanged`) and when a check
   * of the token — at most every `maxAgeMs` — shows a change made elsewhere.
   */
  get(db: Db, maxAgeMs?: number): Promise<T>;
  /** Marks the value stale; call after a change of this process has committed. */
  markChanged(db: Db): void;
}

interface State<T> {
  value: T | undefined;
  loaded: boolean;
  /** the token the value was loaded at */
  token: string | null;
  /** bumped by every change of this process; the value is current when loaded at the latest */
  gen: number;
  loadedGen: number;
  checkedAt: number;
  pending: Promise<T> | null;
  pendingGen: number;
}

/** A versioned value: `tokenSql` reads the token (one row, column `token`), `load` computes the value. */
export function versioned<T>(tokenSql: string, load: (db: Db) => Promise<T>): Versioned<T> {
  const states = new WeakMap<Db, State<T>>();
  const stateOf = (db: Db): State<T> => {
    let s = states.get(db);
    if (!s) {
      s = { value: undefined, loaded: false, token: null, gen: 0, loadedGen: -1, checkedAt: 0, pending: null, pendingGen: -1 };
      states.set(db, s);
    }
    return s;
  };

  async function refresh(db: Db, s: State<T>, gen: number): Promise<T> {
    // The token is read before the data: a change committed in between makes the next check load again.
    const { rows } = await db.query<{ token: string }>(tokenSql);
    const token = rows[0]?.token ?? null;
    if (s.loaded && s.loadedGen === gen && token === s.token) {
      s.checkedAt = Date.now();
      return s.value as T;
    }
    const value = await load(db);
    s.value = value;
    s.loaded = true;
    s.token = token;
    s.loadedGen = gen;
    s.checkedAt = Date.now();
    return value;
  }

  return {
    async get(db, maxAgeMs = VERSION_CHECK_MS) {
      const s = stateOf(db);
      for (;;) {
        if (s.loaded && s.loadedGen === s.gen && Date.now() - s.checkedAt < maxAgeMs) return s.value as T;
        // A refresh started at the current generation serves this call too.
        if (s.pending && s.pendingGen === s.gen) return s.pending;
        if (s.pending) {
          await s.pending.catch(() => undefined);
          continue;
        }
        const gen = s.gen;
        s.pendingGen = gen;
        const pending = refresh(db, s, gen).finally(() => {
          if (s.pending === pending) s.pending = null;
        });
        s.pending = pending;
        return pending;
      }
    },
    markChanged(db) {
      stateOf(db).gen++;
    },
  };
}
