/**
 * A maker of plain objects for one kind of per-record object: `new Maker()` is an object whose prototype is
 * `Object.prototype` and which has no own keys — the same as `{}` to anyone who looks (keys, order, prototype,
 * `constructor`). Only V8 tells them apart: it gives a `{}` room for 4 properties of its own, and an object made by a
 * constructor room for 8 more than the constructor's body assigns to `this`. Past its room, an object gets a property
 * array of its own, regrown (and garbage) every 3 properties: a record's changes or last-synced values (≈ 20 fields)
 * would regrow it 3 or 4 times. One maker per kind: V8 fits a maker's room to its first objects (it shrinks the room
 * to the most properties they came to hold).
 */
export function plainObjects(): new () => object {
  const Maker = function PlainObject(this: Record<string, unknown>, never?: boolean) {
    // Never run (no caller passes `never`): the 24 assignments only make V8 give the objects room for 32 properties.
    if (never) {
      this.p0 = this.p1 = this.p2 = this.p3 = this.p4 = this.p5 = this.p6 = this.p7 = this.p8 = this.p9 = this.p10 = this.p11 =
        this.p12 = this.p13 = this.p14 = this.p15 = this.p16 = this.p17 = this.p18 = this.p19 = this.p20 = this.p21 = this.p22 = this.p23 = undefined;
    }
  } as unknown as new () => object;
  Maker.prototype = Object.prototype;
  return Maker;
}
