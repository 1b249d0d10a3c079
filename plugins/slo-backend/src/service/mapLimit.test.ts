import { mapLimit } from './mapLimit';

describe('mapLimit', () => {
  it('keeps the order of the items with at most `limit` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await mapLimit([5, 1, 4, 2, 3], 2, async n => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise(r => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(result).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('maps nothing without items and rejects when a call fails', async () => {
    const fn = jest.fn(async (n: number) => n);
    expect(await mapLimit([], 4, fn)).toEqual([]);
    expect(fn).not.toHaveBeenCalled();
    await expect(
      mapLimit([1, 2], 4, async n => {
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
  });
});
