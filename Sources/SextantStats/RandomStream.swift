import CGSL

/// A seeded stream of random numbers: GSL's MT19937 generator and GSL's random variates.
///
/// The generator's 624-word state is filled from a ``SeedSequence`` exactly as NumPy fills its
/// `MT19937` bit generator, so the raw 32-bit outputs equal NumPy's
/// `np.random.MT19937(np.random.SeedSequence(seed, spawn_key=key)).random_raw()`.
///
/// `RandomStream` is a value: copies draw the same numbers independently (copy-on-write of the
/// GSL state). Every draw is O(1) in the number of trials (GSL's BTPE binomial, Cheng's beta via
/// gamma variates, the conditional-binomial multinomial).
public struct RandomStream: Sendable {
    /// The owned C generator. Never shared between two streams that draw: `RandomStream` copies it
    /// before a draw when it is not uniquely referenced.
    private final class Generator: @unchecked Sendable {
        let rng: UnsafeMutablePointer<gsl_rng>

        init(rng: UnsafeMutablePointer<gsl_rng>) { self.rng = rng }

        func copy() -> Generator {
            guard let clone = gsl_rng_clone(rng) else { fatalError("gsl_rng_clone: out of memory") }
            return Generator(rng: clone)
        }

        deinit { gsl_rng_free(rng) }
    }

    private var generator: Generator

    /// The seed sequence this stream was created from.
    public let seed: SeedSequence

    /// A stream seeded from `seed`.
    public init(seed: SeedSequence) {
        GSL.configure()
        guard let rng = gsl_rng_alloc(sextant_rng_mt19937()) else { fatalError("gsl_rng_alloc: out of memory") }
        // As NumPy: words 1…623 from the seed sequence, word 0 = 2^31 so the state is never all
        // zero, and the position at 623.
        var key = seed.generateState(words: 624)
        key[0] = 0x8000_0000
        let status = key.withUnsafeBufferPointer { sextant_mt19937_load(rng, $0.baseAddress, 623) }
        precondition(status == 0, "GSL's MT19937 state does not have the layout of GSL 1.0–2.8")
        self.generator = Generator(rng: rng)
        self.seed = seed
    }

    /// A stream seeded from a master seed.
    public init(seed: UInt64) {
        self.init(seed: SeedSequence(entropy: seed))
    }

    private var rng: UnsafeMutablePointer<gsl_rng> {
        mutating get {
            if !isKnownUniquelyReferenced(&generator) { generator = generator.copy() }
            return generator.rng
        }
    }

    /// The next raw 32-bit output of the generator (`gsl_rng_get`).
    public mutating func nextRaw() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(rng)) }

    /// A uniform draw in [0, 1) (`gsl_rng_uniform`).
    public mutating func uniform() -> Double { gsl_rng_uniform(rng) }

    /// A uniform draw in [lower, upper) (`gsl_ran_flat`).
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double { gsl_ran_flat(rng, lower, upper) }

    /// A Beta(a, b) draw (`gsl_ran_beta`); a, b > 0.
    public mutating func beta(_ a: Double, _ b: Double) -> Double { gsl_ran_beta(rng, a, b) }

    /// A triangular draw on [lower, upper] with the given mode, by inverting its CDF at a GSL uniform
    /// (GSL has no triangular variate): u < F(mode) gives lower + √(u(upper − lower)(mode − lower)),
    /// otherwise upper − √((1 − u)(upper − lower)(upper − mode)).
    public mutating func triangular(lower: Double, mode: Double, upper: Double) -> Double {
        let width = upper - lower
        guard width > 0 else { return lower }
        let u = uniform()
        if u * width < mode - lower {
            return lower + (u * width * (mode - lower)).squareRoot()
        }
        return upper - ((1 - u) * width * (upper - mode)).squareRoot()
    }

    /// A Binomial(n, p) draw (`gsl_ran_binomial`, BTPE), for any n up to 2^53: trials beyond
    /// 2^32 − 1 are drawn in parts, since a sum of independent binomials with the same p is binomial.
    public mutating func binomial(trials n: Int, probability p: Double) -> Int {
        precondition(n >= 0 && p >= 0 && p <= 1, "binomial(trials: \(n), probability: \(p))")
        if n == 0 || p == 0 { return 0 }
        if p == 1 { return n }
        var remaining = n
        var successes = 0
        let r = rng
        while remaining > 0 {
            let part = min(remaining, Int(UInt32.max))
            successes += Int(gsl_ran_binomial(r, p, UInt32(part)))
            remaining -= part
        }
        return successes
    }

    /// A Multinomial(n; p₁…p_K) draw (`gsl_ran_multinomial`) into `counts` (resized to K).
    /// The weights need not sum to 1; they are normalised, as GSL does. n must be below 2^32; for
    /// more, use the `[Int]` form.
    public mutating func multinomial(trials n: Int, weights: [Double], into counts: inout [UInt32]) {
        precondition(n >= 0 && n <= Int(UInt32.max), "multinomial trials \(n) out of range")
        if counts.count != weights.count { counts = [UInt32](repeating: 0, count: weights.count) }
        let r = rng
        weights.withUnsafeBufferPointer { w in
            counts.withUnsafeMutableBufferPointer { c in
                gsl_ran_multinomial(r, w.count, UInt32(n), w.baseAddress, c.baseAddress)
            }
        }
    }

    /// A Multinomial(n; p₁…p_K) draw for any n up to 2^53, in parts of at most 2^32 − 1 trials
    /// (a sum of independent multinomials with the same weights is multinomial).
    public mutating func multinomial(trials n: Int, weights: [Double], into counts: inout [Int]) {
        precondition(n >= 0, "multinomial trials \(n) out of range")
        counts = [Int](repeating: 0, count: weights.count)
        var part = [UInt32]()
        var remaining = n
        repeat {
            let trials = min(remaining, Int(UInt32.max))
            multinomial(trials: trials, weights: weights, into: &part)
            for i in counts.indices { counts[i] += Int(part[i]) }
            remaining -= trials
        } while remaining > 0
    }
}
