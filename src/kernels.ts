// Signatures of the functions exported by assembly/index.ts. Pointers and
// sizes are plain numbers; u32 arguments may be passed as numbers up to
// 2^32 - 1 (WebAssembly's ToInt32 wraps them to the same bits).

export interface Kernels {
  heapBase(): number;
  rngSeed(statePtr: number, seedLo: number, seedHi: number, stream: number): void;
  rngFillU32(statePtr: number, outPtr: number, count: number): void;
  rngFillF32(statePtr: number, outPtr: number, count: number): void;
  latticeNeighbors(tablePtr: number, size: number): void;
  latticeRandomize(latticePtr: number, nSites: number, rngPtr: number): void;
  latticeEnergy(latticePtr: number, tablePtr: number, nSites: number): number;
  latticeMagnetization(latticePtr: number, nSites: number): number;
  wolffUpdates(
    latticePtr: number, tablePtr: number, nSites: number, stackPtr: number, rngPtr: number,
    addThreshold: number, count: number,
  ): number;
  wolffRecord(
    latticePtr: number, tablePtr: number, nSites: number, stackPtr: number, rngPtr: number,
    addThreshold: number, spacing: number, nRecords: number,
    outConfigsPtr: number, outEnergyPtr: number, outMagPtr: number,
  ): number;
  metropolisSweeps(
    latticePtr: number, tablePtr: number, size: number, rngPtr: number,
    accept4: number, accept8: number, count: number,
  ): number;
  metropolisRecord(
    latticePtr: number, tablePtr: number, size: number, rngPtr: number,
    accept4: number, accept8: number, spacing: number, nRecords: number,
    outConfigsPtr: number, outEnergyPtr: number, outMagPtr: number,
  ): number;
}
