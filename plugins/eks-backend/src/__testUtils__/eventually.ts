/** Polls `fn` every 50 ms until it answers something truthy; fails after `ms`. */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}
