package org.fractalis.stats.deseq2;

/**
 * R's default random number generation, reproduced bit for bit so that DESeq2's Monte Carlo estimate of the
 * dispersion prior variance ({@code set.seed(2)}) gives R's value: the Mersenne-Twister with R's seeding,
 * {@code unif_rand}, normal deviates by inversion (Wichura's AS 241), {@code exp_rand} (Ahrens and Dieter 1972)
 * and {@code rgamma} (Ahrens and Dieter 1982 GD, 1974 GS), as documented for R's {@code RNGkind} defaults.
 * Not thread-safe; one instance per computation.
 */
final class RRandom {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    private static final int TEMPERING_MASK_B = 0x9d2c5680;
    private static final int TEMPERING_MASK_C = 0xefc60000;
    private static final double I2_32M1 = 2.328306437080797e-10;
    private static final double BIG = 134217728;

    private final int[] mt = new int[N];
    private int mti;

    /** Equivalent of {@code set.seed(seed)} with the default generator kinds. */
    RRandom(int seed) {
        int s = seed;
        for (int j = 0; j < 50; j++) {
            s = 69069 * s + 1;
        }
        // the first of the 625 seed words is mti, overwritten by FixupSeeds
        s = 69069 * s + 1;
        for (int j = 0; j < N; j++) {
            s = 69069 * s + 1;
            mt[j] = s;
        }
        mti = N;
    }

    private double mtGenrand() {
        int y;
        if (mti >= N) {
            int kk;
            for (kk = 0; kk < N - M; kk++) {
                y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            }
            for (; kk < N - 1; kk++) {
                y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            }
            y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            mti = 0;
        }
        y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & TEMPERING_MASK_B;
        y ^= (y << 15) & TEMPERING_MASK_C;
        y ^= y >>> 18;
        return (y & 0xffffffffL) * 2.3283064365386963e-10;
    }

    /** R's {@code unif_rand()}: never 0 or 1. */
    double unifRand() {
        double x = mtGenrand();
        if (x <= 0.0) {
            return 0.5 * I2_32M1;
        }
        if (1.0 - x <= 0.0) {
            return 1.0 - 0.5 * I2_32M1;
        }
        return x;
    }

    /** R's {@code norm_rand()} with {@code normal.kind = "Inversion"}. */
    double normRand() {
        double u = unifRand();
        u = (int) (BIG * u) + unifRand();
        return qnorm(u / BIG);
    }

    /** R's {@code rnorm(1, mu, sigma)}: no deviate is drawn when sigma is 0. */
    double rnorm(double mu, double sigma) {
        if (sigma == 0.0 || !Double.isFinite(mu)) {
            return mu;
        }
        return mu + sigma * normRand();
    }

    /** R's {@code exp_rand()}. */
    double expRand() {
        final double[] q = {0.6931471805599453, 0.9333736875190459, 0.9888777961838675, 0.9984959252914960040,
            0.9998292811061389, 0.9999833164100727, 0.9999985508193132, 0.9999998906925558, 0.9999999924734159,
            0.9999999995283275, 0.9999999999728814, 0.9999999999985598, 0.9999999999999289, 0.9999999999999968,
            0.9999999999999999, 1.0000000000000000};
        double a = 0.;
        double u = unifRand();
        while (u <= 0. || u >= 1.) {
            u = unifRand();
        }
        for (;;) {
            u += u;
            if (u > 1.) {
                break;
            }
            a += q[0];
        }
        u -= 1.;
        if (u <= q[0]) {
            return a + u;
        }
        int i = 0;
        double ustar = unifRand();
        double umin = ustar;
        do {
            ustar = unifRand();
            if (umin > ustar) {
                umin = ustar;
            }
            i++;
        } while (u > q[i]);
        return a + umin * q[0];
    }

    /** R's {@code rchisq(1, df)} = {@code rgamma(df / 2, scale = 2)}. */
    double rchisq(double df) {
        return rgamma(df / 2.0, 2.0);
    }

    // cached values of the GD algorithm (as R's static variables)
    private double aa;
    private double aaa;
    private double s;
    private double s2;
    private double d;
    private double q0;
    private double b;
    private double si;
    private double c;

    /** R's {@code rgamma(1, shape = a, scale = scale)}. */
    double rgamma(double a, double scale) {
        final double sqrt32 = 5.656854;
        final double expM1 = 0.36787944117144232159;
        final double q1 = 0.04166669;
        final double q2 = 0.02083148;
        final double q3 = 0.00801191;
        final double q4 = 0.00144121;
        final double q5 = -7.388e-5;
        final double q6 = 2.4511e-4;
        final double q7 = 2.424e-4;
        final double a1 = 0.3333333;
        final double a2 = -0.250003;
        final double a3 = 0.2000062;
        final double a4 = -0.1662921;
        final double a5 = 0.1423657;
        final double a6 = -0.1367177;
        final double a7 = 0.1233795;
        double e;
        double p;
        double q;
        double r;
        double t;
        double u;
        double v;
        double w;
        double x;
        double retVal;
        if (!Double.isFinite(a) || !Double.isFinite(scale) || a < 0.0 || scale <= 0.0) {
            return scale == 0. ? 0. : Double.NaN;
        }
        if (a < 1.) {
            if (a == 0) {
                return 0.;
            }
            e = 1.0 + expM1 * a;
            for (;;) {
                p = e * unifRand();
                if (p >= 1.0) {
                    x = -Math.log((e - p) / a);
                    if (expRand() >= (1.0 - a) * Math.log(x)) {
                        break;
                    }
                } else {
                    x = Math.exp(Math.log(p) / a);
                    if (expRand() >= x) {
                        break;
                    }
                }
            }
            return scale * x;
        }
        if (a != aa) {
            aa = a;
            s2 = a - 0.5;
            s = Math.sqrt(s2);
            d = sqrt32 - s * 12.0;
        }
        t = normRand();
        x = s + 0.5 * t;
        retVal = x * x;
        if (t >= 0.0) {
            return scale * retVal;
        }
        u = unifRand();
        if (d * u <= t * t * t) {
            return scale * retVal;
        }
        if (a != aaa) {
            aaa = a;
            r = 1.0 / a;
            q0 = ((((((q7 * r + q6) * r + q5) * r + q4) * r + q3) * r + q2) * r + q1) * r;
            if (a <= 3.686) {
                b = 0.463 + s + 0.178 * s2;
                si = 1.235;
                c = 0.195 / s - 0.079 + 0.16 * s;
            } else if (a <= 13.022) {
                b = 1.654 + 0.0076 * s2;
                si = 1.68 / s + 0.275;
                c = 0.062 / s + 0.024;
            } else {
                b = 1.77;
                si = 0.75;
                c = 0.1515 / s;
            }
        }
        if (x > 0.0) {
            v = t / (s + s);
            if (Math.abs(v) <= 0.25) {
                q = q0 + 0.5 * t * t * ((((((a7 * v + a6) * v + a5) * v + a4) * v + a3) * v + a2) * v + a1) * v;
            } else {
                q = q0 - s * t + 0.25 * t * t + (s2 + s2) * Math.log(1.0 + v);
            }
            if (Math.log(1.0 - u) <= q) {
                return scale * retVal;
            }
        }
        for (;;) {
            e = expRand();
            u = unifRand();
            u = u + u - 1.0;
            if (u < 0.0) {
                t = b - si * e;
            } else {
                t = b + si * e;
            }
            if (t >= -0.71874483771719) {
                v = t / (s + s);
                if (Math.abs(v) <= 0.25) {
                    q = q0 + 0.5 * t * t * ((((((a7 * v + a6) * v + a5) * v + a4) * v + a3) * v + a2) * v + a1)
                            * v;
                } else {
                    q = q0 - s * t + 0.25 * t * t + (s2 + s2) * Math.log(1.0 + v);
                }
                if (q > 0.0) {
                    w = Math.expm1(q);
                    if (c * Math.abs(u) <= w * Math.exp(e - 0.5 * t * t)) {
                        break;
                    }
                }
            }
        }
        x = s + 0.5 * t;
        return scale * x * x;
    }

    /** The standard normal quantile (Wichura's algorithm AS 241, as R's {@code qnorm}). */
    static double qnorm(double p) {
        double q = p - 0.5;
        double r;
        double val;
        if (Math.abs(q) <= .425) {
            r = .180625 - q * q;
            return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r + 3.387132872796366608)
                    / (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r
                            + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                            + 42.313330701600911252) * r + 1.);
        }
        r = q < 0 ? p : 1.0 - p;
        r = Math.sqrt(-Math.log(r));
        if (r <= 5.) {
            r += -1.6;
            val = (((((((r * 7.7454501427834140764e-4 + .0227238449892691845833) * r + .24178072517745061177) * r
                    + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                    + 4.6303378461565452959) * r + 1.42343711074968357734)
                    / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + .0151986665636164571966)
                            * r + .14810397642748007459) * r + .68976733498510000455) * r + 1.6763848301838038494)
                            * r + 2.05319162663775882187) * r + 1.);
        } else {
            r += -5.;
            val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + .0012426609473880784386)
                    * r + .026532189526576123093) * r + .29656057182850489123) * r + 1.7848265399172913358) * r
                    + 5.4637849111641143699) * r + 6.6579046435011037772)
                    / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r
                            + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r
                            + .0148753612908506148525) * r + .13692988092273580531) * r + .59983220655588793769) * r
                            + 1.);
        }
        if (q < 0.0) {
            val = -val;
        }
        return val;
    }
}
