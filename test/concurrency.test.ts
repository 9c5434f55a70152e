// The one concurrency helper: a Limiter (at most n tasks at once, started in order) and mapLimit
// on top of it (results in order, the first rejection propagates once the running calls settle).
import { describe, expect, it } from "vitest";
import { Limiter, mapLimit } from "../src/concurrency";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe("Limiter", () => {
  it("never runs more than its limit, hands slots over in order, and counts peak and total", async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          started.push(i);
          most = Math.max(most, ++running);
          await sleep((i * 7) % 5);
          running--;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(limiter.peak).toBe(3);
    expect(limiter.total).toBe(20);
  });
  it("a task that throws frees its slot and rejects its own call only", async () => {
    const limiter = new Limiter(1);
    const bad = limiter.run(() => Promise.reject(new Error("boom")));
    const good = limiter.run(async () => "next");
    await expect(bad).rejects.toThrow("boom");
    await expect(good).resolves.toBe("next");
  });
  it("refuses a limit below 1 or not whole", () => {
    expect(() => new Limiter(0)).toThrow(RangeError);
    expect(() => new Limiter(1.5)).toThrow("the limit must be a whole number >= 1, got 1.5");
  });
});

describe("mapLimit", () => {
  it("returns results in the items' order whatever order they finish in, within the limit", async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimit([50, 10, 30, 0, 20, 40], 2, async (ms, i) => {
      most = Math.max(most, ++running);
      await sleep(ms);
      running--;
      return `${i}:${ms}`;
    });
    expect(out).toEqual(["0:50", "1:10", "2:30", "3:0", "4:20", "5:40"]);
    expect(most).toBe(2);
  });
  it("a limit above the item count runs them all at once; no items, no calls", async () => {
    let running = 0;
    let most = 0;
    await mapLimit([1, 2, 3], 10, async () => {
      most = Math.max(most, ++running);
      await sleep(5);
      running--;
    });
    expect(most).toBe(3);
    await expect(mapLimit([], 2, () => Promise.reject(new Error("never called")))).resolves.toEqual(
      [],
    );
  });
  it("the first rejection propagates after the running calls settle, and no further item starts", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const result = mapLimit([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      if (i === 1) throw new Error("item 1 failed");
      await sleep(20);
      finished.push(i);
      return i;
    });
    await expect(result).rejects.toThrow("item 1 failed");
    // Item 0 was running when item 1 failed: it finished before the rejection; nothing after item
    // 1 started.
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });
  it("when several calls fail, the first to fail is the one reported", async () => {
    const result = mapLimit([20, 0], 2, async (ms) => {
      await sleep(ms);
      throw new Error(`failed after ${ms} ms`);
    });
    await expect(result).rejects.toThrow("failed after 0 ms");
  });
  it("a synchronous throw is a rejection like any other", async () => {
    await expect(
      mapLimit([1], 1, () => {
        throw new TypeError("sync");
      }),
    ).rejects.toThrow(TypeError);
  });
});
