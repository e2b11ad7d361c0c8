// Close-packed dimers on the L x L square torus (L even) with the plaquette
// interaction of Alet et al. (PRL 94, 235702, 2005; PRE 74, 041124, 2006):
// weight exp(-K N_par), K = V / T, N_par the number of plaquettes holding two
// parallel dimers.
//
// State: L x L x 2 bytes of bond occupations 0/1, direction-major: byte
// y L + x is the horizontal bond from (x, y) to (x + 1, y), byte
// L^2 + y L + x the vertical bond from (x, y) to (x, y + 1). Directions at a
// site: 0 right (+x), 1 up (+y), 2 left (-x), 3 down (-y); d ^ 2 is the
// opposite direction.
//
// Directed-loop (worm) update (Sandvik & Moessner, PRB 73, 144504, 2006,
// cond-mat/0507277; Alet et al. 2006): pick a site t (the tail) uniformly;
// its dimer (t, p) is pivoted about p onto one of p's four bonds (p, b) — the
// exit — which leaves t empty and b doubly covered. b's other dimer (b, c) is
// then pivoted about c, and so on, until an exit lands on t. Exit e at a pivot
// entered from bond a is drawn from a table P(a -> e | environment): the four
// configurations with the pivot's dimer on each of its bonds differ only by
// that dimer, whose weight is exp(-K n_e), n_e the number of occupied bonds
// parallel and opposite to e in the two plaquettes containing e. (Mid-worm
// states, with an empty tail and a doubly covered head, are weighted by the
// same exp(-K N_par) of their bond occupations; it is the true weight once
// the worm closes.) When W_a P(a -> e) = W_e P(e -> a) (the directed-loop
// equations), a worm and its reverse (same tail, same pivots backwards) have
// probabilities in the ratio of the final to the initial weight: the ratios
// telescope along the worm, so the update satisfies detailed balance. The environment (n_0, n_1, n_2, n_3),
// each in {0, 1, 2}, indexes the table: 81 environments x 4 entries, each a
// row of cumulative u64 thresholds against one u32 draw (exit = how many of
// the first three thresholds the draw reaches). The host solves the
// equations and fills the table; this file holds no choice of solution.
// Worms wrap around the torus and change the winding numbers; plaquette
// flips (below) cannot.

import { rngLoad, rngNext, rngSave, uniformBelow } from "./rng";

// @ts-ignore: decorator
@inline
function wrap(v: i32, size: i32): i32 {
  return v < 0 ? v + size : v >= size ? v - size : v;
}

/** Byte offset of the bond leaving (x, y) in direction d. */
// @ts-ignore: decorator
@inline
function bondAt(x: i32, y: i32, d: i32, size: i32): usize {
  if (d == 0) return <usize>(y * size + x);
  if (d == 1) return <usize>(size * size + y * size + x);
  if (d == 2) return <usize>(y * size + wrap(x - 1, size));
  return <usize>(size * size + wrap(y - 1, size) * size + x);
}

// @ts-ignore: decorator
@inline
function occupied(bondsPtr: usize, offset: usize): i32 {
  return <i32>load<u8>(bondsPtr + offset);
}

// @ts-ignore: decorator
@inline
function horizontal(bondsPtr: usize, x: i32, y: i32, size: i32): i32 {
  return <i32>load<u8>(bondsPtr + <usize>(wrap(y, size) * size + wrap(x, size)));
}

// @ts-ignore: decorator
@inline
function vertical(bondsPtr: usize, x: i32, y: i32, size: i32): i32 {
  return <i32>load<u8>(bondsPtr + <usize>(size * size + wrap(y, size) * size + wrap(x, size)));
}

/**
 * Environment index of pivot (x, y): n_0 + 3 n_1 + 9 n_2 + 27 n_3, n_d the
 * occupied bonds opposite to the pivot's bond d in its two plaquettes. The
 * four neighbouring columns and rows are wrapped once here rather than at
 * each of the eight loads: this runs at every pivot move.
 */
// @ts-ignore: decorator
@inline
function environment(bondsPtr: usize, x: i32, y: i32, size: i32): i32 {
  const left = x == 0 ? size - 1 : x - 1;
  const right = x == size - 1 ? 0 : x + 1;
  const row = bondsPtr + <usize>(y * size);
  const up = bondsPtr + <usize>((y == size - 1 ? 0 : y + 1) * size);
  const down = bondsPtr + <usize>((y == 0 ? size - 1 : y - 1) * size);
  const vertical = <usize>(size * size);
  const n0 = <i32>load<u8>(up + <usize>x) + <i32>load<u8>(down + <usize>x);
  const n1 = <i32>load<u8>(row + vertical + <usize>right) + <i32>load<u8>(row + vertical + <usize>left);
  const n2 = <i32>load<u8>(up + <usize>left) + <i32>load<u8>(down + <usize>left);
  const n3 = <i32>load<u8>(down + vertical + <usize>right) + <i32>load<u8>(down + vertical + <usize>left);
  return n0 + 3 * n1 + 9 * n2 + 27 * n3;
}

/**
 * One worm. Returns its length in pivot moves (bounces included), or 0 if the
 * state is not a covering at the sites the worm met (it then stops).
 */
function worm(bondsPtr: usize, size: i32, exitTablePtr: usize): i32 {
  const tail = <i32>uniformBelow(<u32>(size * size));
  const tx = tail % size;
  const ty = tail / size;
  let d = 0;
  while (d < 4 && occupied(bondsPtr, bondAt(tx, ty, d, size)) == 0) d++;
  if (d == 4) return 0;
  let px = d == 0 ? wrap(tx + 1, size) : d == 2 ? wrap(tx - 1, size) : tx;
  let py = d == 1 ? wrap(ty + 1, size) : d == 3 ? wrap(ty - 1, size) : ty;
  let entry = d ^ 2;
  let moves = 0;
  while (true) {
    moves++;
    const row = exitTablePtr + (<usize>(environment(bondsPtr, px, py, size) * 4 + entry) << 5);
    const draw = <u64>rngNext();
    const exit = <i32>(draw >= load<u64>(row, 0)) + <i32>(draw >= load<u64>(row, 8)) + <i32>(draw >= load<u64>(row, 16));
    if (exit != entry) {
      store<u8>(bondsPtr + bondAt(px, py, entry, size), 0);
      store<u8>(bondsPtr + bondAt(px, py, exit, size), 1);
    }
    const bx = exit == 0 ? wrap(px + 1, size) : exit == 2 ? wrap(px - 1, size) : px;
    const by = exit == 1 ? wrap(py + 1, size) : exit == 3 ? wrap(py - 1, size) : py;
    if (bx == tx && by == ty) return moves;
    // b is doubly covered: pivot its other dimer (not the one just placed,
    // which reaches b from direction exit ^ 2) about its far end.
    const placed = exit ^ 2;
    let other = 0;
    while (other < 4 && (other == placed || occupied(bondsPtr, bondAt(bx, by, other, size)) == 0)) other++;
    if (other == 4) return 0;
    px = other == 0 ? wrap(bx + 1, size) : other == 2 ? wrap(bx - 1, size) : bx;
    py = other == 1 ? wrap(by + 1, size) : other == 3 ? wrap(by - 1, size) : by;
    entry = other ^ 2;
  }
  return moves;
}

/**
 * Runs `count` worms on the covering at bondsPtr with the exit table at
 * exitTablePtr (81 x 4 rows of four u64, see above) and the xoshiro128**
 * stream at rngPtr. Returns the total number of pivot moves.
 */
export function dimerWorms(bondsPtr: usize, size: i32, rngPtr: usize, exitTablePtr: usize, count: i32): f64 {
  rngLoad(rngPtr);
  let moves: f64 = 0;
  for (let w = 0; w < count; w++) moves += worm(bondsPtr, size, exitTablePtr);
  rngSave(rngPtr);
  return moves;
}

/** N_par: plaquettes holding two parallel dimers (top and bottom, or left and right). */
export function dimerParallelPlaquettes(bondsPtr: usize, size: i32): i32 {
  let count = 0;
  for (let y = 0; y < size; y++) {
    const yUp = y == size - 1 ? 0 : y + 1;
    for (let x = 0; x < size; x++) {
      const xRight = x == size - 1 ? 0 : x + 1;
      count += horizontal(bondsPtr, x, y, size) & horizontal(bondsPtr, x, yUp, size);
      count += vertical(bondsPtr, x, y, size) & vertical(bondsPtr, xRight, y, size);
    }
  }
  return count;
}

/**
 * Records `nRecords` states, each after `wormsPerRecord` worms: the bytes
 * (2 L^2 per record) at outConfigsPtr unless it is 0, and five i32 per
 * record at outObservablesPtr: N_par; W_x = sum over y of (-1)^y times the
 * horizontal bond (0, y) -> (1, y); W_y = sum over x of (-1)^x times the
 * vertical bond (x, 0) -> (x, 1); C_x = sum over all horizontal bonds of
 * (-1)^x n and C_y = sum over all vertical bonds of (-1)^y n (the columnar
 * order parameter is 2 (C_x, C_y) / L^2). Returns the total number of pivot
 * moves.
 */
export function dimerRecord(
  bondsPtr: usize, size: i32, rngPtr: usize, exitTablePtr: usize,
  wormsPerRecord: i32, nRecords: i32, outConfigsPtr: usize, outObservablesPtr: usize,
): f64 {
  const stateBytes = <usize>(2 * size * size);
  let moves: f64 = 0;
  for (let r = 0; r < nRecords; r++) {
    moves += dimerWorms(bondsPtr, size, rngPtr, exitTablePtr, wormsPerRecord);
    if (outConfigsPtr != 0) memory.copy(outConfigsPtr + <usize>r * stateBytes, bondsPtr, stateBytes);
    let windingX = 0;
    let windingY = 0;
    for (let i = 0; i < size; i++) {
      const sign = (i & 1) == 0 ? 1 : -1;
      windingX += sign * horizontal(bondsPtr, 0, i, size);
      windingY += sign * vertical(bondsPtr, i, 0, size);
    }
    let columnarX = 0;
    let columnarY = 0;
    for (let y = 0; y < size; y++) {
      const rowSign = (y & 1) == 0 ? 1 : -1;
      for (let x = 0; x < size; x++) {
        columnarX += ((x & 1) == 0 ? 1 : -1) * horizontal(bondsPtr, x, y, size);
        columnarY += rowSign * vertical(bondsPtr, x, y, size);
      }
    }
    const out = outObservablesPtr + <usize>r * 20;
    store<i32>(out, dimerParallelPlaquettes(bondsPtr, size), 0);
    store<i32>(out, windingX, 4);
    store<i32>(out, windingY, 8);
    store<i32>(out, columnarX, 12);
    store<i32>(out, columnarY, 16);
  }
  return moves;
}

/**
 * `count` plaquette-flip attempts (Rokhsar-Kivelson moves) for L >= 4: a
 * uniformly drawn plaquette (lower-left corner at the drawn site) holding two
 * parallel dimers is rotated with probability acceptance[dN + 2] / 2^32
 * (five u64 thresholds at acceptPtr, for the change dN in N_par from -2 to 2);
 * a second draw is made only for a flippable plaquette. Local, so the winding
 * numbers never change: not ergodic on its own. Returns the accepted flips.
 */
export function dimerPlaquetteFlips(bondsPtr: usize, size: i32, rngPtr: usize, acceptPtr: usize, count: i32): f64 {
  rngLoad(rngPtr);
  let flips: f64 = 0;
  for (let k = 0; k < count; k++) {
    const site = <i32>uniformBelow(<u32>(size * size));
    const x = site % size;
    const y = site / size;
    const bottom = horizontal(bondsPtr, x, y, size);
    const top = horizontal(bondsPtr, x, y + 1, size);
    const left = vertical(bondsPtr, x, y, size);
    const right = vertical(bondsPtr, x + 1, y, size);
    const wasHorizontal = bottom & top;
    if ((wasHorizontal | (left & right)) == 0) continue;
    const sideways = vertical(bondsPtr, x - 1, y, size) + vertical(bondsPtr, x + 2, y, size);
    const stacked = horizontal(bondsPtr, x, y - 1, size) + horizontal(bondsPtr, x, y + 2, size);
    const change = wasHorizontal != 0 ? sideways - stacked : stacked - sideways;
    if (<u64>rngNext() >= load<u64>(acceptPtr + (<usize>(change + 2) << 3))) continue;
    const nowHorizontal: u8 = wasHorizontal != 0 ? 0 : 1;
    const nowVertical: u8 = 1 - nowHorizontal;
    store<u8>(bondsPtr + <usize>(y * size + x), nowHorizontal);
    store<u8>(bondsPtr + <usize>(wrap(y + 1, size) * size + x), nowHorizontal);
    store<u8>(bondsPtr + <usize>(size * size + y * size + x), nowVertical);
    store<u8>(bondsPtr + <usize>(size * size + y * size + wrap(x + 1, size)), nowVertical);
    flips += 1;
  }
  rngSave(rngPtr);
  return flips;
}
