/** lazyObject: a stand-in made on first use, so fakes of services that call each other can exist. */
import { lazyObject } from '../../../../functions/runtime/testing/lazy';

class Counter {
  count = 0;
  readonly #step: number;

  constructor(step: number) {
    this.#step = step;
  }

  add(): number {
    this.count += this.#step;
    return this.count;
  }
}

describe('lazyObject', () => {
  it('makes nothing until a member is used, then makes it once; methods keep their object', () => {
    let made = 0;
    const counter = lazyObject(() => {
      made++;
      return new Counter(2);
    });
    expect(made).toBe(0);
    expect(counter.add()).toBe(2);
    const { add } = counter;
    expect(add()).toBe(4);
    expect(counter.count).toBe(4);
    expect('add' in counter).toBe(true);
    expect(made).toBe(1);
  });

  it('lets two stand-ins refer to each other without making either', () => {
    interface Peer {
      readonly name: string;
      readonly other: Peer;
    }
    let made = 0;
    const a: Peer = lazyObject(() => {
      made++;
      return { name: 'a', other: b };
    });
    const b: Peer = lazyObject(() => {
      made++;
      return { name: 'b', other: a };
    });
    expect(made).toBe(0);
    expect(a.other.other.name).toBe('a');
    expect(made).toBe(2);
  });
});
