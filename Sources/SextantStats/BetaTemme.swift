// Temme's uniform asymptotic expansion of the incomplete beta function, for `BetaDistribution`.
extension BetaDistribution {
    // MARK: Temme's uniform asymptotic expansion (TOMS 708's BASYM)

    /// Both tails from the expansion: it gives I_x(a, b) for λ ≥ 0 (x at or below the mean); the
    /// upper tail for λ < 0 comes from the reflection I_{1−x}(b, a), whose λ is −λ.
    ///
    /// `bcorr` is δ(a) + δ(b) − δ(a + b), δ the Stirling correction ln Γ* (``BetaTerms/stirlingCorrection()``),
    /// the same for both orders of the parameters.
    static func temmeTails(_ a: Double, _ b: Double, _ lambda: Double, bcorr: Double) throws(StatsError) -> (
        lower: Double, upper: Double
    ) {
        if lambda >= 0 {
            let lower = try temme(a, b, lambda, bcorr: bcorr)
            return (lower, 1 - lower)
        }
        let upper = try temme(b, a, -lambda, bcorr: bcorr)
        return (1 - upper, upper)
    }

    /// I_x(a, b) for a, b ≥ 15 and λ = a − (a + b)x ≥ 0, by Temme's expansion in powers of
    /// 1/√min(a, b) (at most 20 terms).
    ///
    /// With f = a·φ(−λ/a) + b·φ(λ/b), φ(u) = u − ln(1 + u), the leading term is ½ erfc(√f) and the
    /// corrections are the series Σ dₙ wⁿ Jₙ of DiDonato & Morris (1992), eqs. (48)–(53).
    private static func temme(_ a: Double, _ b: Double, _ lambda: Double, bcorr: Double) throws(StatsError) -> Double {
        let twoOverRootPi = 1.1283791670955126  // 2/√π
        let e1 = 0.35355339059327373  // 2^(−3/2)

        // f = a·(u − ln(1+u))|_{u=−λ/a} + b·(u − ln(1+u))|_{u=λ/b}
        let f = -a * (try GSL.log1pMinusX(-lambda / a)) - b * (try GSL.log1pMinusX(lambda / b))
        let expMinusF = try GSL.exp(-f)
        if expMinusF == 0 { return 0 }
        let z0 = f.squareRoot()
        let z = z0 / e1 * 0.5
        let z2 = f + f

        let h: Double
        let r0: Double
        let r1: Double
        let w0: Double
        if a < b {
            h = a / b
            r0 = 1 / (h + 1)
            r1 = (b - a) / b
            w0 = 1 / (a * (h + 1)).squareRoot()
        } else {
            h = b / a
            r0 = 1 / (h + 1)
            r1 = (b - a) / a
            w0 = 1 / (b * (h + 1)).squareRoot()
        }

        // j0 = ½·(√π/2)·e^{z0²} erfc(z0), the scaled complementary error function.
        let j0 = 0.5 / twoOverRootPi * (try GSL.exp(f + (try GSL.logErfc(z0))))
        let sum = temmeSeries(h: h, r0: r0, r1: r1, w0: w0, z: z, z2: z2, j0: j0)
        return twoOverRootPi * expMinusF * (try GSL.exp(-bcorr)) * sum
    }

    /// The sum j0 + Σ dₙ wⁿ Jₙ of Temme's expansion (at most 20 terms), its coefficients computed by
    /// the recurrences of DiDonato & Morris (1992) in one stack allocation.
    private static func temmeSeries(h: Double, r0: Double, r1: Double, w0: Double, z: Double, z2: Double, j0: Double) -> Double {
        let terms = 20
        let e1 = 0.35355339059327373  // 2^(−3/2)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * (terms + 1)) { buffer in
            buffer.initialize(repeating: 0)
            let a0 = buffer.baseAddress!
            let b0 = a0 + (terms + 1)
            let c = b0 + (terms + 1)
            let d = c + (terms + 1)
            a0[0] = r1 * 2 / 3
            c[0] = -0.5 * a0[0]
            d[0] = -c[0]
            var j0 = j0
            var j1 = e1
            var sum = j0 + d[0] * w0 * j1
            var s = 1.0
            var hn = 1.0
            var w = w0
            var znm1 = z
            var zn = z2
            let h2 = h * h
            var n = 2
            while n <= terms {
                hn *= h2
                a0[n - 1] = 2 * r0 * (h * hn + 1) / (Double(n) + 2)
                s += hn
                a0[n] = 2 * r1 * s / (Double(n) + 3)
                for i in n...(n + 1) {
                    let r = -0.5 * (Double(i) + 1)
                    b0[0] = r * a0[0]
                    for m in 2...i {
                        var bsum = 0.0
                        for j in 1..<m {
                            bsum += (Double(j) * r - Double(m - j)) * a0[j - 1] * b0[m - j - 1]
                        }
                        b0[m - 1] = r * a0[m - 1] + bsum / Double(m)
                    }
                    c[i - 1] = b0[i - 1] / (Double(i) + 1)
                    var dsum = 0.0
                    for j in 1..<i {
                        dsum += d[i - j - 1] * c[j - 1]
                    }
                    d[i - 1] = -(dsum + c[i - 1])
                }
                j0 = e1 * znm1 + (Double(n) - 1) * j0
                j1 = e1 * zn + Double(n) * j1
                znm1 *= z2
                zn *= z2
                w *= w0
                let t0 = d[n - 1] * w * j0
                w *= w0
                let t1 = d[n] * w * j1
                sum += t0 + t1
                if abs(t0) + abs(t1) <= 1e-15 * sum { break }
                n += 2
            }
            return sum
        }
    }
}
