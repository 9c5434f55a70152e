// A small dense SVD for kernel analysis (kernels are at most a few dozen rows and columns).
// One-sided Jacobi (Hestenes) in Float64: it rotates pairs of columns until all are mutually
// orthogonal, so the column norms are the singular values. It is simple, needs no bidiagonal
// reduction, and is as accurate as anything for matrices this small (it even keeps small
// singular values to high relative accuracy). Cost is O(sweeps * n^2 * m), which is nothing here.

export interface SvdResult {
  /** rows x k, row-major, orthonormal columns (left singular vectors). */
  u: Float64Array;
  /** k = min(rows, cols) singular values, descending, >= 0. */
  s: Float64Array;
  /** cols x k, row-major, orthonormal columns (right singular vectors). */
  v: Float64Array;
}

/** Sweeps after which we stop even if not converged (random 25x25 needs about ten). */
const MAX_SWEEPS = 80;

/**
 * Thin SVD of the row-major `rows x cols` matrix `a` (not modified): a = u * diag(s) * v^T with
 * k = min(rows, cols) terms. Handles wide, tall, rank-deficient and all-zero matrices.
 */
export function svd(a: Float64Array, rows: number, cols: number): SvdResult {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`svd: rows and cols must be non-negative integers, got ${rows} x ${cols}`);
  }
  if (a.length !== rows * cols) {
    throw new RangeError(
      `svd: matrix has ${a.length} values, expected ${rows} x ${cols} = ${rows * cols}`,
    );
  }
  if (rows >= cols) return tallSvd(a, rows, cols);
  // Wide: a^T is tall and a^T = U S V^T means a = V S U^T, so swap the factors.
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]!;
  const r = tallSvd(t, cols, rows);
  return { u: r.v, s: r.s, v: r.u };
}

/** One-sided Jacobi for m >= n. */
function tallSvd(a: Float64Array, m: number, n: number): SvdResult {
  // Work column-major so each column is contiguous: w[j*m + i] = a[i][j]; vt likewise for V.
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a[i * n + j]!;
  const vw = new Float64Array(n * n);
  for (let j = 0; j < n; j++) vw[j * n + j] = 1;

  // Columns count as orthogonal once |cos(angle)| <= tol; m*eps is the attainable level.
  const tol = Math.max(m, 1) * Number.EPSILON;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const x = w[p * m + i]!;
          const y = w[q * m + i]!;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        // Zero columns are orthogonal to everything; the comparison also stops on NaN input.
        if (
          alpha === 0 ||
          beta === 0 ||
          !(Math.abs(gamma) > tol * Math.sqrt(alpha) * Math.sqrt(beta))
        )
          continue;
        rotated = true;
        // Rotation that diagonalises the 2x2 Gram matrix [[alpha, gamma], [gamma, beta]]; take
        // the smaller root t = tan(theta) so the rotation is at most 45 degrees (stable).
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const c = 1 / Math.hypot(1, t);
        const s = c * t;
        rotate(w, m, p, q, c, s);
        rotate(vw, n, p, q, c, s);
      }
    }
    if (!rotated) break;
  }

  // Singular values are the column norms; sort descending (stable, so ties keep column order).
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) norms[j] = columnNorm(w, m, j);
  const order = Array.from({ length: n }, (_, j) => j).sort(
    (x, y) => norms[y]! - norms[x]! || x - y,
  );

  const k = n;
  const s = new Float64Array(k);
  const uc = new Float64Array(m * k); // column-major while we build it
  const v = new Float64Array(n * k);
  const missing: number[] = [];
  for (let j = 0; j < k; j++) {
    const src = order[j]!;
    s[j] = norms[src]!;
    for (let i = 0; i < n; i++) v[i * k + j] = vw[src * n + i]!;
    if (s[j]! > 0) {
      for (let i = 0; i < m; i++) uc[j * m + i] = w[src * m + i]! / s[j]!;
    } else {
      missing.push(j);
    }
  }
  // A zero singular value leaves its u column undetermined; complete U to an orthonormal set so
  // callers can rely on u^T u = I whatever the rank.
  for (const j of missing) completeColumn(uc, m, j, k, missing);

  const u = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) u[i * k + j] = uc[j * m + i]!;
  return { u, s, v };
}

/** Columns p, q of the column-major matrix x (column length len) <- [c*x_p - s*x_q, s*x_p + c*x_q]. */
function rotate(x: Float64Array, len: number, p: number, q: number, c: number, s: number): void {
  for (let i = 0; i < len; i++) {
    const xp = x[p * len + i]!;
    const xq = x[q * len + i]!;
    x[p * len + i] = c * xp - s * xq;
    x[q * len + i] = s * xp + c * xq;
  }
}

function columnNorm(x: Float64Array, len: number, j: number): number {
  let sum = 0;
  for (let i = 0; i < len; i++) sum += x[j * len + i]! * x[j * len + i]!;
  return Math.sqrt(sum);
}

/**
 * Fills column j of the column-major m x k matrix uc with a unit vector orthogonal to every
 * column already set (all columns except the still-missing ones after j). Tries each basis
 * vector e_i, Gram-Schmidt twice (once is not enough in floating point), keeps the largest
 * remainder: fewer than m columns are set, so some e_i keeps a remainder >= 1/sqrt(m).
 */
function completeColumn(
  uc: Float64Array,
  m: number,
  j: number,
  k: number,
  missing: readonly number[],
): void {
  const isSet = (c: number): boolean =>
    c !== j && (!missing.includes(c) || missing.indexOf(c) < missing.indexOf(j));
  let best: Float64Array | null = null;
  let bestNorm = -1;
  for (let e = 0; e < m; e++) {
    const x = new Float64Array(m);
    x[e] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < k; c++) {
        if (!isSet(c)) continue;
        let dot = 0;
        for (let i = 0; i < m; i++) dot += uc[c * m + i]! * x[i]!;
        for (let i = 0; i < m; i++) x[i] = x[i]! - dot * uc[c * m + i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += x[i]! * x[i]!;
    norm = Math.sqrt(norm);
    if (norm > bestNorm) {
      bestNorm = norm;
      best = x;
    }
  }
  if (best === null) return; // m === 0: nothing to fill
  for (let i = 0; i < m; i++) uc[j * m + i] = best[i]! / bestNorm;
}
