import { describe, expect, it } from "vitest";
import { computeConv2DInfo } from "../src/index";

describe("computeConv2DInfo, TensorFlow rules", () => {
  for (const h of [1, 2, 5, 7, 12, 13]) {
    for (const s of [1, 2, 3]) {
      for (const k of [1, 2, 3, 5]) {
        it(`same: out = ceil(${h}/${s}), extra padding after (h=${h} s=${s} k=${k})`, () => {
          const info = computeConv2DInfo("t", [1, h, h, 1], k, k, { strides: s, padding: "same" });
          expect(info.outHeight).toBe(Math.ceil(h / s));
          const total = info.padTop + info.padBottom;
          expect(total).toBe(Math.max((info.outHeight - 1) * s + k - h, 0));
          expect(info.padBottom - info.padTop).toBe(total % 2);
          expect(info.padLeft).toBe(info.padTop);
        });
        if (k <= h) {
          it(`valid: out = ceil((${h}-${k}+1)/${s}) (h=${h} s=${s} k=${k})`, () => {
            const info = computeConv2DInfo("t", [1, h, h, 1], k, k, {
              strides: s,
              padding: "valid",
            });
            expect(info.outHeight).toBe(Math.ceil((h - k + 1) / s));
            expect([info.padTop, info.padBottom, info.padLeft, info.padRight]).toEqual([
              0, 0, 0, 0,
            ]);
          });
        }
      }
    }
  }
  it("explicit padding [[1,2],[0,3]] on 5x6, k=3x2, s=2", () => {
    const info = computeConv2DInfo("t", [1, 5, 6, 1], 3, 2, {
      strides: 2,
      padding: [
        [1, 2],
        [0, 3],
      ],
    });
    expect([info.outHeight, info.outWidth]).toEqual([
      Math.floor((5 + 3 - 3) / 2) + 1,
      Math.floor((6 + 3 - 2) / 2) + 1,
    ]);
    expect([info.padTop, info.padBottom, info.padLeft, info.padRight]).toEqual([1, 2, 0, 3]);
  });
  it("dilation 2 on a 3x3 kernel spans 5x5 (x=9x9 valid)", () => {
    const info = computeConv2DInfo("t", [1, 9, 9, 1], 3, 3, { dilations: 2 });
    expect(info.effectiveFilterHeight).toBe(5);
    expect(info.outHeight).toBe(5);
  });
  it("the textbook: 12x12 with 5x5, no padding -> 8x8; same keeps 12x12", () => {
    expect(computeConv2DInfo("t", [1, 12, 12, 3], 5, 5, {}).outHeight).toBe(8);
    const same = computeConv2DInfo("t", [1, 12, 12, 3], 5, 5, { padding: "same" });
    expect([same.outHeight, same.padTop, same.padBottom]).toEqual([12, 2, 2]);
  });
});
