// Layout changes inside kernel memory, so the host copies each array in and out with one
// memcpy: channel rows padded to a multiple of four lanes (and the depth multiplier expanded) on
// the way in, the padding dropped on the way out. Pointers in bytes, sizes in floats.

/** `rows` rows of `c` floats at `src` -> rows of `c4` floats at `dst`: value c*m + k of a row
 *  is input channel c (the depth multiplier), the rest of the row zero. Regions must not overlap. */
export function expandRows(src: usize, rows: i32, c: i32, m: i32, c4: i32, dst: usize): void {
  const inB = <usize>c << 2;
  const outB = <usize>c4 << 2;
  const usedB = <usize>(c * m) << 2;
  let s = src;
  let d = dst;
  let r = 0;
  if (m == 1 && c == 3 && c4 == 4) {
    // RGB pixels, four at a time: three loads of exactly their twelve values, four stores.
    const keep = i32x4(-1, -1, -1, 0);
    for (; r + 4 <= rows; r += 4) {
      const v0 = v128.load(s);
      const v1 = v128.load(s, 16);
      const v2 = v128.load(s, 32);
      v128.store(d, v128.and(v0, keep));
      v128.store(d, v128.and(i32x4.shuffle(v0, v1, 3, 4, 5, 6), keep), 16);
      v128.store(d, v128.and(i32x4.shuffle(v1, v2, 2, 3, 4, 5), keep), 32);
      v128.store(d, v128.and(i32x4.shuffle(v2, v2, 1, 2, 3, 0), keep), 48);
      s += 48;
      d += 64;
    }
  }
  if (m == 1 && c < 64) {
    // A row in lane groups; its last, partial group read whole (up to three floats of the next
    // row) and masked. The last row is left to the loop below: reading past it could leave memory.
    const full = inB & ~15;
    const keep = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(c & 3));
    for (; r + 1 < rows; r++) {
      let i: usize = 0;
      for (; i < full; i += 16) v128.store(d + i, v128.load(s + i));
      if (i < inB) {
        v128.store(d + i, v128.and(v128.load(s + i), keep));
        i += 16;
      }
      for (; i < outB; i += 16) v128.store(d + i, i32x4.splat(0));
      s += inB;
      d += outB;
    }
  }
  for (; r < rows; r++) {
    if (m == 1) {
      // Short rows (few channels) by a plain loop: memory.copy is a call, too costly per pixel.
      if (c >= 16) memory.copy(d, s, inB);
      else for (let i: usize = 0; i < inB; i += 4) store<f32>(d + i, load<f32>(s + i));
    } else if ((m & 3) == 0) {
      // Each value splatted across its m copies, whole vectors.
      let o = d;
      for (let i: usize = 0; i < inB; i += 4) {
        const v = v128.load32_splat(s + i);
        for (let k = 0; k < m; k += 4) {
          v128.store(o, v);
          o += 16;
        }
      }
    } else {
      let o = d;
      for (let i: usize = 0; i < inB; i += 4) {
        const v = load<f32>(s + i);
        for (let k = 0; k < m; k++) {
          store<f32>(o, v);
          o += 4;
        }
      }
    }
    for (let i = usedB; i < outB; i += 4) store<f32>(d + i, 0);
    s += inB;
    d += outB;
  }
}

/** Rows of `c4` floats -> rows of their first `c` floats, packed, in place (dst may equal src). */
export function compactRows(src: usize, rows: i32, c4: i32, c: i32, dst: usize): void {
  const inB = <usize>c4 << 2;
  const outB = <usize>c << 2;
  let s = src;
  let d = dst;
  for (let r = 0; r < rows; r++) {
    // Forward copy: d <= s, and a row is read before any later row is written over it.
    if (c >= 16) memory.copy(d, s, outB);
    else for (let i: usize = 0; i < outB; i += 4) store<f32>(d + i, load<f32>(s + i));
    s += inB;
    d += outB;
  }
}

/** Each of `images` rows of `c` floats at `src` copied to `pixels` consecutive rows at `dst`:
 *  global average pooling's gradient, every pixel of an image getting the image's dy / (H*W)
 *  (the host divides). Regions must not overlap. */
export function repeatRows(src: usize, images: i32, pixels: i32, c: i32, dst: usize): void {
  const cb = <usize>c << 2;
  const c16 = cb & ~15;
  let d = dst;
  for (let n = 0; n < images; n++) {
    const s = src + <usize>n * cb;
    for (let p = pixels; p > 0; p--) {
      let ch: usize = 0;
      for (; ch < c16; ch += 16) v128.store(d + ch, v128.load(s + ch));
      for (; ch < cb; ch += 4) store<f32>(d + ch, load<f32>(s + ch));
      d += cb;
    }
  }
}
