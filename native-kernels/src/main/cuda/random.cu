// Backend.random: draws of the Philox4x32-10 stream of pagoda.tensor.random.Philox, bit-identical to it.
// Draw d of stream `seed` is word d & 3 of the block for counter d >> 2; out[e] takes draw first + e.
// One thread per block of four draws.
//
// Bit-identity: the Java twin evaluates Box-Muller with IEEE double additions, multiplications, divisions,
// square roots and explicit fused multiply-adds only (its own log, sin and cos polynomials). Here each of
// those operations is the matching correctly rounded intrinsic (__dadd_rn, __dmul_rn, ... which the compiler
// never fuses into an FMA) or fma(), in the same order, so every draw rounds exactly as in Java.
#include "common.cuh"

namespace random_entry {

constexpr unsigned M0 = 0xD2511F53u;
constexpr unsigned M1 = 0xCD9E8D57u;
constexpr unsigned W0 = 0x9E3779B9u;
constexpr unsigned W1 = 0xBB67AE85u;

__device__ __forceinline__ void philox(u64 seed, u64 counter, unsigned (&w)[4]) {
    unsigned c0 = (unsigned)counter;
    unsigned c1 = (unsigned)(counter >> 32);
    unsigned c2 = 0u;
    unsigned c3 = 0u;
    unsigned k0 = (unsigned)seed;
    unsigned k1 = (unsigned)(seed >> 32);
#pragma unroll
    for (int round = 0; round < 10; ++round) {
        unsigned hi0 = __umulhi(M0, c0);
        unsigned lo0 = M0 * c0;
        unsigned hi1 = __umulhi(M1, c2);
        unsigned lo1 = M1 * c2;
        unsigned n0 = hi1 ^ c1 ^ k0;
        unsigned n2 = hi0 ^ c3 ^ k1;
        c1 = lo1;
        c3 = lo0;
        c0 = n0;
        c2 = n2;
        k0 += W0;
        k1 += W1;
    }
    w[0] = c0;
    w[1] = c1;
    w[2] = c2;
    w[3] = c3;
}

constexpr double LN2 = 0x1.62e42fefa39efp-1;
constexpr double SQRT2 = 0x1.6a09e667f3bcdp0;
constexpr double TWO_PI = 0x1.921fb54442d18p2;

/** Philox.log: ln u = e ln 2 + 2 atanh(s), s = (m - 1) / (m + 1), m in [sqrt(1/2), sqrt(2)). */
__device__ double philox_log(double u) {
    long long bits = __double_as_longlong(u);
    int e = (int)((bits >> 52) & 0x7FF) - 1023;
    double m = __longlong_as_double((bits & 0x000FFFFFFFFFFFFFLL) | 0x3FF0000000000000LL);
    if (m > SQRT2) {
        m = __dmul_rn(m, 0.5);
        e += 1;
    }
    double s = __ddiv_rn(__dsub_rn(m, 1.0), __dadd_rn(m, 1.0));
    double s2 = __dmul_rn(s, s);
    double p = 1.0 / 23.0;
    p = fma(p, s2, 1.0 / 21.0);
    p = fma(p, s2, 1.0 / 19.0);
    p = fma(p, s2, 1.0 / 17.0);
    p = fma(p, s2, 1.0 / 15.0);
    p = fma(p, s2, 1.0 / 13.0);
    p = fma(p, s2, 1.0 / 11.0);
    p = fma(p, s2, 1.0 / 9.0);
    p = fma(p, s2, 1.0 / 7.0);
    p = fma(p, s2, 1.0 / 5.0);
    p = fma(p, s2, 1.0 / 3.0);
    p = fma(p, s2, 1.0);
    return fma((double)e, LN2, __dmul_rn(__dmul_rn(2.0, s), p));
}

__device__ double sin_poly(double x2) {
    double p = 1.0 / 51090942171709440000.0;
    p = fma(p, x2, -1.0 / 121645100408832000.0);
    p = fma(p, x2, 1.0 / 355687428096000.0);
    p = fma(p, x2, -1.0 / 1307674368000.0);
    p = fma(p, x2, 1.0 / 6227020800.0);
    p = fma(p, x2, -1.0 / 39916800.0);
    p = fma(p, x2, 1.0 / 362880.0);
    p = fma(p, x2, -1.0 / 5040.0);
    p = fma(p, x2, 1.0 / 120.0);
    p = fma(p, x2, -1.0 / 6.0);
    return fma(p, x2, 1.0);
}

__device__ double cos_poly(double x2) {
    double p = 1.0 / 2432902008176640000.0;
    p = fma(p, x2, -1.0 / 6402373705728000.0);
    p = fma(p, x2, 1.0 / 20922789888000.0);
    p = fma(p, x2, -1.0 / 87178291200.0);
    p = fma(p, x2, 1.0 / 479001600.0);
    p = fma(p, x2, -1.0 / 3628800.0);
    p = fma(p, x2, 1.0 / 40320.0);
    p = fma(p, x2, -1.0 / 720.0);
    p = fma(p, x2, 1.0 / 24.0);
    p = fma(p, x2, -0.5);
    return fma(p, x2, 1.0);
}

/** Philox.boxMuller: two standard normals from two words. */
__device__ void box_muller(unsigned w0, unsigned w1, float* out) {
    double u1 = __dmul_rn((double)((u64)w0 + 1ULL), 0x1p-32);
    double turns = __dmul_rn((double)w1, 0x1p-32);
    double r = __dsqrt_rn(__dmul_rn(-2.0, philox_log(u1)));
    double quarter = rint(__dmul_rn(turns, 4.0));
    double x = __dmul_rn(__dsub_rn(turns, __dmul_rn(quarter, 0.25)), TWO_PI);
    double x2 = __dmul_rn(x, x);
    double sn = __dmul_rn(x, sin_poly(x2));
    double cs = cos_poly(x2);
    double c;
    double s;
    switch ((int)quarter & 3) {
        case 0: c = cs; s = sn; break;
        case 1: c = -sn; s = cs; break;
        case 2: c = -cs; s = -sn; break;
        default: c = sn; s = -cs; break;
    }
    out[0] = __double2float_rn(__dmul_rn(r, c));
    out[1] = __double2float_rn(__dmul_rn(r, s));
}

/** Draws first .. first + n - 1 into out[0 .. n - 1]: uniform in [p0, p1) or normal (mean p0, deviation p1). */
__device__ void draw(float* out, i64 n, u64 seed, u64 first, bool normal, float p0, float p1) {
    u64 blocks = ((first + (u64)n - 1) >> 2) - (first >> 2) + 1;
    for (i64 t = grid_first(); t < (i64)blocks; t += grid_step()) {
        u64 counter = (first >> 2) + (u64)t;
        unsigned w[4];
        philox(seed, counter, w);
        float v[4];
        if (normal) {
            box_muller(w[0], w[1], v);
            box_muller(w[2], w[3], v + 2);
#pragma unroll
            for (int lane = 0; lane < 4; ++lane) {
                v[lane] = fmaf(p1, v[lane], p0);
            }
        } else {
            float scale = __fsub_rn(p1, p0);
#pragma unroll
            for (int lane = 0; lane < 4; ++lane) {
                v[lane] = fmaf(scale, __uint2float_rn(w[lane] >> 8) * 0x1p-24f, p0);
            }
        }
#pragma unroll
        for (int lane = 0; lane < 4; ++lane) {
            u64 d = counter * 4 + lane;
            if (d >= first && d < first + (u64)n) {
                out[d - first] = v[lane];
            }
        }
    }
}

}  // namespace random_entry

extern "C" __global__ void random_uniform(float* out, i64 n, u64 seed, u64 first, float lo, float hi) {
    random_entry::draw(out, n, seed, first, false, lo, hi);
}

extern "C" __global__ void random_normal(float* out, i64 n, u64 seed, u64 first, float mean, float std) {
    random_entry::draw(out, n, seed, first, true, mean, std);
}
