/**
 * An object made on first use: what a fake gives a service it calls when the test passes no client
 * for it. Services may call each other in a cycle (A subscribes to B, B calls A); making each fake's
 * fakes eagerly would never end, making them on the first call does. Never imported by deployed code.
 */

/** A stand-in for the object `make` returns, made on the first access to any member. */
export function lazyObject<T extends object>(make: () => T): T {
  let made: T | undefined;
  const target = (): T => {
    made ??= make();
    return made;
  };
  return new Proxy({} as T, {
    get(_, property) {
      const object = target();
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
    has: (_, property) => Reflect.has(target(), property),
  });
}
