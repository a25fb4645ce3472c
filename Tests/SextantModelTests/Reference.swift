import Foundation

/// Independent reference formulas for the model's tests: written out here from their textbook
/// definitions, sharing no code with the library.
enum Reference {
    /// z for a two-sided 95 % interval: Φ⁻¹(0.975).
    static let z95 = 1.959963984540054

    /// The Wilson score interval (E. B. Wilson, 1927) for k successes in n trials.
    static func wilson(_ k: Double, _ n: Double, z: Double = z95) -> (lower: Double, upper: Double) {
        let p = k / n
        let z2 = z * z
        let centre = p + z2 / (2 * n)
        let spread = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return ((centre - spread) / (1 + z2 / n), (centre + spread) / (1 + z2 / n))
    }

    /// P(K = k) for K ~ Binomial(n, p), through log-gamma.
    static func binomialPMF(_ k: Int, _ n: Int, _ p: Double) -> Double {
        let logChoose = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        return exp(logChoose + Double(k) * log(p) + Double(n - k) * log1p(-p))
    }

    /// P(K ≥ k) by summing the probability mass.
    static func binomialUpperTail(from k: Int, _ n: Int, _ p: Double) -> Double {
        (max(0, k)...n).reduce(0) { $0 + binomialPMF($1, n, p) }
    }
}
