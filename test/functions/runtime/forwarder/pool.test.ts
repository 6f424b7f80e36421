import { forEachBounded } from '../../../../functions/runtime/forwarder/pool';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('forEachBounded', () => {
  it('starts items in order and never runs more than the limit', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await forEachBounded([...Array(20).keys()], 3, async (item) => {
      started.push(item);
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
    });
    expect(started).toEqual([...Array(20).keys()]);
    expect(most).toBe(3);
  });

  it('runs everything even if one throws, then rethrows the first error', async () => {
    const done: number[] = [];
    await expect(
      forEachBounded([1, 2, 3, 4], 2, async (item) => {
        await tick();
        if (item === 2) throw new Error('two');
        done.push(item);
      }),
    ).rejects.toThrow('two');
    expect(done.sort()).toEqual([1, 3, 4]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects a limit of %p', async (limit) => {
    await expect(forEachBounded([1], limit, async () => {})).rejects.toThrow(RangeError);
  });

  it('does nothing for no items', async () => {
    await expect(forEachBounded([], 5, async () => {})).resolves.toBeUndefined();
  });
});
