/**
 * Limits on logins that stop guessing, not people: only failed attempts count, per account name
 * (whoever tries it, from wherever) and per address (whatever names it tries); a successful login
 * never counts and clears its name's failures. Kept in this process's memory, in a sliding window.
 * Behind a reverse proxy the address is the client's only when `http.trustProxy` says whom to
 * believe (docs/console.md).
 */

export interface LoginLimitsOptions {
  /** Failed attempts of one account name in the window before it waits. */
  perName: number;
  /** Failed attempts from one address in the window before it waits. */
  perAddress: number;
  windowMs: number;
  now?: () => number;
}

export class LoginLimits {
  private readonly byName = new Map<string, number[]>();
  private readonly byAddress = new Map<string, number[]>();

  constructor(private readonly o: LoginLimitsOptions) {}

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** The failures still in the window (older ones forgotten). */
  private recent(map: Map<string, number[]>, key: string): number[] {
    const since = this.now() - this.o.windowMs;
    const kept = (map.get(key) ?? []).filter((t) => t > since);
    if (kept.length) map.set(key, kept);
    else map.delete(key);
    return kept;
  }

  /** Whether an attempt may be made now; when not, how long until it may (ms). */
  check(name: string, address: string): { ok: true } | { ok: false; retryMs: number } {
    const waits: number[] = [];
    for (const [map, key, max] of [
      [this.byName, name, this.o.perName],
      [this.byAddress, address, this.o.perAddress],
    ] as const) {
      const kept = this.recent(map, key);
      if (kept.length >= max) waits.push(kept[kept.length - max] + this.o.windowMs - this.now());
    }
    return waits.length ? { ok: false, retryMs: Math.max(...waits) } : { ok: true };
  }

  failed(name: string, address: string): void {
    const t = this.now();
    this.byName.set(name, [...this.recent(this.byName, name), t]);
    this.byAddress.set(address, [...this.recent(this.byAddress, address), t]);
  }

  /** A correct password: the name's failures are forgotten (the address's stay: others may be guessing from it). */
  succeeded(name: string): void {
    this.byName.delete(name);
  }
}
