/**
 * A maker of plain objects for one kind of per-record object: `new Maker()` is an object whose prototype is
 * `Object.prototype` and which has no own keys — the same as `{}` to anyone who looks (keys, order, prototype,
 * `constructor`). Only V8 tells them apart: it gives a `{}` room for 4 properties of its own and an object made by a
 * constructor room for 10, so an object that comes to hold 5 to 10 properties gets no property array of its own,
 * regrown (and garbage) every 3 properties. One maker per kind: V8 fits a maker's room to its first objects.
 */
export function plainObjects(): new () => object {
  const Maker = function PlainObject() {} as unknown as new () => object;
  Maker.prototype = Object.prototype;
  return Maker;
}
