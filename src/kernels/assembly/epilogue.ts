// The ops' epilogue on an NHWC output still in kernel memory: a per-channel bias, then ReLU or
// PReLU (per-channel or single slope). ReLU keeps NaN and -0 (v < 0 ? 0 : v, which is pmax).

/** out[p, c] += bias[c] for `pixels` pixels of `c` channels. */
export function biasChannels(out: usize, pixels: i32, c: i32, bias: usize): void {
  const cb = <usize>c << 2;
  let po = out;
  for (let p = 0; p < pixels; p++) {
    let ch: usize = 0;
    for (; ch + 16 <= cb; ch += 16) v128.store(po + ch, f32x4.add(v128.load(po + ch), v128.load(bias + ch)));
    for (; ch < cb; ch += 4) store<f32>(po + ch, load<f32>(po + ch) + load<f32>(bias + ch));
    po += cb;
  }
}

export function relu(out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const end = out + (<usize>n << 2);
  let p = out;
  for (; p + 16 <= end; p += 16) v128.store(p, f32x4.pmax(v128.load(p), zero));
  for (; p < end; p += 4) {
    const v = load<f32>(p);
    store<f32>(p, v < 0 ? 0 : v);
  }
}

/** v < 0 ? v * alpha[c] : v, with alpha of length c (per channel) or 1 (`c` = 1 then). */
export function preluChannels(out: usize, pixels: i32, c: i32, alpha: usize, alphaLen: i32): void {
  const cb = <usize>c << 2;
  const zero = f32x4.splat(0);
  let po = out;
  for (let p = 0; p < pixels; p++) {
    let ch: usize = 0;
    for (; ch + 16 <= cb; ch += 16) {
      const v = v128.load(po + ch);
      const a = alphaLen == 1 ? f32x4.splat(load<f32>(alpha)) : v128.load(alpha + ch);
      v128.store(po + ch, v128.bitselect(f32x4.mul(v, a), v, f32x4.lt(v, zero)));
    }
    for (; ch < cb; ch += 4) {
      const v = load<f32>(po + ch);
      if (v < 0) store<f32>(po + ch, v * load<f32>(alphaLen == 1 ? alpha : alpha + ch));
    }
    po += cb;
  }
}
