// Principal angles between two planes (Bjorck & Golub 1973): the singular
// values of Q1^T Q2 for orthonormal bases Q1, Q2 are the cosines.
import { Matrix, SingularValueDecomposition } from "ml-matrix";

/** Orthonormal basis (Gram-Schmidt) of two vectors. */
function orthonormalPair(a: readonly number[], b: readonly number[]): [number[], number[]] {
  const norm = (v: readonly number[]) => Math.hypot(...v);
  const q1 = a.map((x) => x / norm(a));
  const along = b.reduce((s, x, i) => s + x * q1[i]!, 0);
  const r = b.map((x, i) => x - along * q1[i]!);
  return [q1, r.map((x) => x / norm(r))];
}

/** Cosines of the principal angles between span(a1, a2) and span(b1, b2), largest first. */
export function principalCosines(a1: readonly number[], a2: readonly number[], b1: readonly number[], b2: readonly number[]): number[] {
  const [p1, p2] = orthonormalPair(a1, a2);
  const [q1, q2] = orthonormalPair(b1, b2);
  const dot = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i]!, 0);
  const overlap = new Matrix([[dot(p1, q1), dot(p1, q2)], [dot(p2, q1), dot(p2, q2)]]);
  return new SingularValueDecomposition(overlap).diagonal;
}
