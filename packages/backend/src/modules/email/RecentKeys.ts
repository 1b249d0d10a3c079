/** A bounded set of keys, the oldest forgotten first. */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly max: number) {}

  /** Adds `key`; false when it was there already. */
  add(key: string): boolean {
    if (this.keys.has(key)) {
      // seen again: now the most recent
      this.keys.delete(key);
      this.keys.add(key);
      return false;
    }
    this.keys.add(key);
    if (this.keys.size > this.max) {
      this.keys.delete(this.keys.values().next().value!);
    }
    return true;
  }

  delete(key: string): void {
    this.keys.delete(key);
  }
}
