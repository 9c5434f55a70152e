// A small task a convolutional network can learn: the orientation of a short stroke
// (0 horizontal, 1 vertical, 2 diagonal, 3 anti-diagonal) at a random place in a noisy image.
// Orientation is what 3x3 kernels detect anywhere in the image, and global average pooling
// keeps it (where a stroke is, which it discards, does not matter), so the networks of the
// course can reach high accuracy in a few epochs.
import { Tensor } from "../../src/index";
import { createRng } from "../../src/random";

const STEPS: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 0],
  [1, 1],
  [1, -1],
];

export function strokes(
  n: number,
  side: number,
  seed: number,
  length = 4,
): { x: Tensor; y: Int32Array } {
  const rng = createRng(seed);
  const x = new Float32Array(n * side * side);
  const y = new Int32Array(n);
  const pick = (lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1));
  for (let i = 0; i < n; i++) {
    const label = i % 4;
    y[i] = label;
    const image = x.subarray(i * side * side, (i + 1) * side * side);
    for (let p = 0; p < image.length; p++) image[p] = 0.3 * rng.normal();
    const [dr, dc] = STEPS[label]!;
    const span = length - 1;
    // A start from which every point of the stroke lands inside the image.
    const r0 = pick(0, side - 1 - span * dr);
    const c0 = dc >= 0 ? pick(0, side - 1 - span * dc) : pick(span, side - 1);
    const brightness = 0.8 + 0.4 * rng.next();
    for (let k = 0; k < length; k++) image[(r0 + k * dr) * side + c0 + k * dc]! += brightness;
  }
  return { x: new Tensor(x, [n, side, side, 1]), y };
}
