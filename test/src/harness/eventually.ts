/**
 * Polls `fn` until it answers something truthy and returns that; an error
 * thrown by `fn` counts as "not yet" and is named when the deadline passes.
 */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 90_000,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out: ${what}${last ? ` (last error: ${last})` : ''}`,
      );
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
}
