// Square L x L lattice with periodic boundaries, spins stored as i8 (+1/-1)
// in row-major order. Neighbour table: four i32 site indices per site in the
// order right, left, down, up, so kernels never divide to find coordinates.

import { rngLoad, rngNext, rngSave } from "./rng";

export function latticeNeighbors(tablePtr: usize, size: i32): void {
  for (let y = 0; y < size; y++) {
    const up = (y == 0 ? size - 1 : y - 1) * size;
    const down = (y == size - 1 ? 0 : y + 1) * size;
    for (let x = 0; x < size; x++) {
      const site = y * size + x;
      const out = tablePtr + (<usize>site << 4);
      store<i32>(out, y * size + (x == size - 1 ? 0 : x + 1), 0);
      store<i32>(out, y * size + (x == 0 ? size - 1 : x - 1), 4);
      store<i32>(out, down + x, 8);
      store<i32>(out, up + x, 12);
    }
  }
}

/** Infinite-temperature start: every spin +1 or -1 with probability 1/2. */
export function latticeRandomize(latticePtr: usize, nSites: i32, rngPtr: usize): void {
  rngLoad(rngPtr);
  for (let i = 0; i < nSites; i++) {
    store<i8>(latticePtr + <usize>i, (rngNext() >>> 31) != 0 ? 1 : -1);
  }
  rngSave(rngPtr);
}

/** E = -J sum over bonds s_i s_j with J = 1; each bond once (right and down). */
export function latticeEnergy(latticePtr: usize, tablePtr: usize, nSites: i32): i32 {
  let sum: i32 = 0;
  for (let i = 0; i < nSites; i++) {
    const row = tablePtr + (<usize>i << 4);
    const right = <i32>load<i8>(latticePtr + <usize>load<i32>(row, 0));
    const down = <i32>load<i8>(latticePtr + <usize>load<i32>(row, 8));
    sum += <i32>load<i8>(latticePtr + <usize>i) * (right + down);
  }
  return -sum;
}

export function latticeMagnetization(latticePtr: usize, nSites: i32): i32 {
  let sum: i32 = 0;
  for (let i = 0; i < nSites; i++) sum += <i32>load<i8>(latticePtr + <usize>i);
  return sum;
}

/** Stores one configuration and its energy and magnetization (record r). */
// @ts-ignore: decorator
@inline
export function latticeRecord(
  latticePtr: usize, tablePtr: usize, nSites: i32, record: i32,
  outConfigsPtr: usize, outEnergyPtr: usize, outMagPtr: usize,
): void {
  if (outConfigsPtr != 0) {
    memory.copy(outConfigsPtr + <usize>record * <usize>nSites, latticePtr, <usize>nSites);
  }
  store<i32>(outEnergyPtr + (<usize>record << 2), latticeEnergy(latticePtr, tablePtr, nSites));
  store<i32>(outMagPtr + (<usize>record << 2), latticeMagnetization(latticePtr, nSites));
}
