/*
 * Native peer of blockspin's dimer sampler (assembly/dimer.ts): close-packed
 * dimers on the L x L torus with the plaquette interaction of Alet et al.
 * (PRL 94, 235702, 2005), weight exp(-(V / T) N_par), sampled by directed-loop
 * worms (Sandvik & Moessner, PRB 73, 144504, 2006) with the minimal-bounce
 * solution of the directed-loop equations (Syljuasen & Sandvik, PRE 66,
 * 046701, 2002), written as a C programmer would write it, with its own RNG
 * (xoshiro256**, seeded by splitmix64; Blackman & Vigna 2018).
 *
 * The same algorithm and the same work as blockspin: the bond layout, the
 * exit table (81 environments x 4 entries, cumulative thresholds against a
 * 32-bit draw) and the worm are the same; each record runs the given number of
 * worms, copies the covering into the output array and computes N_par, the
 * winding numbers and the columnar sums, as blockspin's dimerRecord does.
 *
 * Usage: dimer-loop L V T WORMS_PER_SAMPLE SAMPLES BURN_IN_WORMS SEED [RECORDS_FILE]
 * Prints one JSON line: samples, seconds (the recording loop only, burn-in
 * excluded), pivot moves, and the number of stored samples that are not
 * coverings (checked after the clock stops). With RECORDS_FILE, writes six
 * int32 per sample there: N_par, W_x, W_y, C_x, C_y and the number of
 * horizontal dimers.
 *
 * Built by bench/dimer.ts with gcc -O3.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_state[4];

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t next64(void) {
  const uint64_t result = rotl(rng_state[1] * 5, 7) * 9;
  const uint64_t t = rng_state[1] << 17;
  rng_state[2] ^= rng_state[0];
  rng_state[3] ^= rng_state[1];
  rng_state[1] ^= rng_state[2];
  rng_state[0] ^= rng_state[3];
  rng_state[2] ^= t;
  rng_state[3] = rotl(rng_state[3], 45);
  return result;
}

static uint32_t next32(void) { return (uint32_t)(next64() >> 32); }

/* Uniform in [0, n) without bias (Lemire, ACM TOMACS 29, 3, 2019). */
static uint32_t below(uint32_t n) {
  uint64_t m = (uint64_t)next32() * n;
  uint32_t low = (uint32_t)m;
  if (low < n) {
    uint32_t threshold = (0u - n) % n;
    while (low < threshold) {
      m = (uint64_t)next32() * n;
      low = (uint32_t)m;
    }
  }
  return (uint32_t)(m >> 32);
}

/* exit_table[env][entry][k]: cumulative thresholds, exit = #{k < 3 : draw >= t_k}. */
static uint64_t exit_table[81][4][4];

/* Minimal-bounce symmetric matrix with row sums w (directed-loop.ts, directedLoopMatrix). */
static void minimal_bounce(const double w[4], double a[4][4]) {
  int order[4] = {0, 1, 2, 3};
  for (int i = 1; i < 4; i++) /* insertion sort: weight descending, index ascending on ties */
    for (int j = i; j > 0 && w[order[j]] > w[order[j - 1]]; j--) {
      int t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
    }
  memset(a, 0, sizeof(double) * 16);
  const int i1 = order[0], i2 = order[1], i3 = order[2], i4 = order[3];
  const double w1 = w[i1], w2 = w[i2], w3 = w[i3], w4 = w[i4], sum = w1 + w2 + w3 + w4;
#define SET(i, j, v) do { a[i][j] = (v); a[j][i] = (v); } while (0)
  if (w1 >= w2 + w3 + w4) {
    a[i1][i1] = w1 - (w2 + w3 + w4);
    SET(i1, i2, w2); SET(i1, i3, w3); SET(i1, i4, w4);
  } else if (w3 + w4 >= sum / 3) {
    for (int i = 0; i < 4; i++)
      for (int j = i + 1; j < 4; j++) SET(i, j, (w[i] + w[j]) / 2 - sum / 6);
  } else {
    const double a12 = (w1 + w2 - w3 - w4) / 2, rest1 = w1 - a12, rest2 = w2 - a12;
    SET(i1, i2, a12);
    SET(i1, i3, rest1 * w3 / (w3 + w4)); SET(i1, i4, rest1 * w4 / (w3 + w4));
    SET(i2, i3, rest2 * w3 / (w3 + w4)); SET(i2, i4, rest2 * w4 / (w3 + w4));
  }
#undef SET
}

static void fill_exit_table(double coupling) {
  for (int env = 0; env < 81; env++) {
    const int n[4] = {env % 3, env / 3 % 3, env / 9 % 3, env / 27 % 3};
    double lowest = INFINITY, w[4], a[4][4];
    for (int d = 0; d < 4; d++) if (coupling * n[d] < lowest) lowest = coupling * n[d];
    for (int d = 0; d < 4; d++) w[d] = exp(-(coupling * n[d] - lowest));
    minimal_bounce(w, a);
    for (int entry = 0; entry < 4; entry++) {
      double total = 0, cumulative = 0;
      for (int e = 0; e < 4; e++) total += a[entry][e];
      for (int e = 0; e < 4; e++) {
        cumulative += a[entry][e] / total;
        double t = e == 3 ? 4294967296.0 : fmin(4294967296.0, nearbyint(cumulative * 4294967296.0));
        exit_table[env][entry][e] = (uint64_t)t;
      }
    }
  }
}

static int L;
static int *xp, *xm; /* x + 1 and x - 1 mod L (the same tables serve y) */
static uint8_t *bonds; /* [0, y, x] horizontal (x, y)-(x+1, y); [1, y, x] vertical (x, y)-(x, y+1) */

#define H(x, y) bonds[(y) * L + (x)]
#define V(x, y) bonds[L * L + (y) * L + (x)]

static uint8_t *bond_at(int x, int y, int d) {
  switch (d) {
    case 0: return &H(x, y);
    case 1: return &V(x, y);
    case 2: return &H(xm[x], y);
    default: return &V(x, xm[y]);
  }
}

static int environment(int x, int y) {
  const int n0 = H(x, xp[y]) + H(x, xm[y]);
  const int n1 = V(xp[x], y) + V(xm[x], y);
  const int n2 = H(xm[x], xp[y]) + H(xm[x], xm[y]);
  const int n3 = V(xp[x], xm[y]) + V(xm[x], xm[y]);
  return n0 + 3 * n1 + 9 * n2 + 27 * n3;
}

static void step(int x, int y, int d, int *nx, int *ny) {
  *nx = d == 0 ? xp[x] : d == 2 ? xm[x] : x;
  *ny = d == 1 ? xp[y] : d == 3 ? xm[y] : y;
}

/* One worm; returns its pivot moves. */
static long worm(void) {
  const int tail = (int)below((uint32_t)(L * L)), tx = tail % L, ty = tail / L;
  int d = 0;
  while (*bond_at(tx, ty, d) == 0) d++;
  int px, py, entry = d ^ 2;
  step(tx, ty, d, &px, &py);
  long moves = 0;
  for (;;) {
    moves++;
    const uint64_t *row = exit_table[environment(px, py)][entry];
    const uint64_t draw = next32();
    const int exit = (draw >= row[0]) + (draw >= row[1]) + (draw >= row[2]);
    if (exit != entry) {
      *bond_at(px, py, entry) = 0;
      *bond_at(px, py, exit) = 1;
    }
    int bx, by;
    step(px, py, exit, &bx, &by);
    if (bx == tx && by == ty) return moves;
    const int placed = exit ^ 2;
    int other = 0;
    while (other == placed || *bond_at(bx, by, other) == 0) other++;
    step(bx, by, other, &px, &py);
    entry = other ^ 2;
  }
}

static int32_t parallel_plaquettes(void) {
  int32_t count = 0;
  for (int y = 0; y < L; y++)
    for (int x = 0; x < L; x++) count += (H(x, y) & H(x, xp[y])) + (V(x, y) & V(xp[x], y));
  return count;
}

static int is_covering(const uint8_t *s) {
  for (int y = 0; y < L; y++)
    for (int x = 0; x < L; x++) {
      const int c = s[y * L + x] + s[y * L + xm[x]] + s[L * L + y * L + x] + s[L * L + xm[y] * L + x];
      if (c != 1) return 0;
    }
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 8 || argc > 9) {
    fprintf(stderr, "usage: %s L V T WORMS_PER_SAMPLE SAMPLES BURN_IN_WORMS SEED [RECORDS_FILE]\n", argv[0]);
    return 2;
  }
  L = atoi(argv[1]);
  const double v = atof(argv[2]), t = atof(argv[3]);
  const long worms_per_sample = atol(argv[4]), samples = atol(argv[5]), burn_in = atol(argv[6]);
  uint64_t seed = strtoull(argv[7], NULL, 10);
  if (L < 2 || L % 2 != 0 || !(t > 0) || worms_per_sample < 1 || samples < 1 || burn_in < 0) {
    fprintf(stderr, "dimer-loop: bad arguments\n");
    return 2;
  }
  for (int i = 0; i < 4; i++) rng_state[i] = splitmix64(&seed);
  fill_exit_table(v == 0 ? 0 : v / t);
  const size_t state_bytes = (size_t)2 * L * L;
  xp = malloc(sizeof(int) * L);
  xm = malloc(sizeof(int) * L);
  bonds = calloc(state_bytes, 1);
  uint8_t *configs = malloc(state_bytes * (size_t)samples);
  int32_t *records = malloc(sizeof(int32_t) * 6 * (size_t)samples);
  if (!xp || !xm || !bonds || !configs || !records) {
    fprintf(stderr, "dimer-loop: out of memory\n");
    return 1;
  }
  for (int i = 0; i < L; i++) { xp[i] = (i + 1) % L; xm[i] = (i + L - 1) % L; }
  for (int y = 0; y < L; y++) for (int x = 0; x < L; x += 2) H(x, y) = 1; /* columnar start */

  for (long w = 0; w < burn_in; w++) worm();
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  long moves = 0;
  for (long s = 0; s < samples; s++) {
    for (long w = 0; w < worms_per_sample; w++) moves += worm();
    memcpy(configs + s * state_bytes, bonds, state_bytes);
    int32_t wx = 0, wy = 0, cx = 0, cy = 0;
    for (int i = 0; i < L; i++) {
      const int sign = (i & 1) ? -1 : 1;
      wx += sign * H(0, i);
      wy += sign * V(i, 0);
    }
    for (int y = 0; y < L; y++)
      for (int x = 0; x < L; x++) {
        cx += ((x & 1) ? -1 : 1) * H(x, y);
        cy += ((y & 1) ? -1 : 1) * V(x, y);
      }
    int32_t *r = records + 6 * s;
    r[0] = parallel_plaquettes(); r[1] = wx; r[2] = wy; r[3] = cx; r[4] = cy;
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  const double seconds = (double)(end.tv_sec - start.tv_sec) + 1e-9 * (double)(end.tv_nsec - start.tv_nsec);

  long defects = 0;
  for (long s = 0; s < samples; s++) {
    const uint8_t *c = configs + s * state_bytes;
    int32_t horizontal = 0;
    for (int i = 0; i < L * L; i++) horizontal += c[i];
    records[6 * s + 5] = horizontal;
    if (!is_covering(c)) defects++;
  }
  if (argc == 9) {
    FILE *out = fopen(argv[8], "wb");
    if (!out || fwrite(records, sizeof(int32_t) * 6, (size_t)samples, out) != (size_t)samples || fclose(out) != 0) {
      fprintf(stderr, "dimer-loop: cannot write %s\n", argv[8]);
      return 1;
    }
  }
  printf("{\"samples\":%ld,\"seconds\":%.9f,\"moves\":%ld,\"defects\":%ld}\n", samples, seconds, moves, defects);
  return 0;
}
