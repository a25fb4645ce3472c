/// How many sessions a question needs: the planning side of the intervals.
public enum SampleSize {
    /// The smallest n for which the interval of `method`, at an observed rate equal to `rate`, has
    /// half-width (upper − lower)/2 at most `halfWidth`.
    ///
    /// The observed count is taken as rate·n (a real number), so the answer does not jump with the
    /// rounding of k. For Wald this is the textbook ⌈z² p(1 − p)/E²⌉ (1,068 sessions for ±3 points
    /// at p = ½ and 95 %); Wilson needs slightly fewer near p = ½ and more near 0 or 1.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` for a rate outside [0, 1], a half-width outside
    ///   (0, ½] or a confidence outside (0, 1).
    /// - Complexity: O(log n) interval evaluations.
    public static func forHalfWidth(
        _ halfWidth: Double, rate: Double, method: IntervalMethod = .wilson, confidence: Double = 0.95
    ) throws(StatsError) -> Int {
        try validateConfidence(confidence)
        try validateRate(rate, name: "rate")
        guard halfWidth > 0, halfWidth <= 0.5 else {
            throw .invalidArgument("half-width \(halfWidth) is not in (0, 0.5]; give it as a proportion, e.g. 0.03 for ±3 points")
        }
        let n = try smallestTrials { (n: Double) throws(StatsError) -> Bool in
            try method.interval(successes: rate * n, trials: n, confidence: confidence).halfWidth <= halfWidth
        }
        guard let n else {
            throw .invalidArgument("no sample of up to 2^53 sessions gives a half-width of \(halfWidth) with \(method.rawValue)")
        }
        return n
    }

    /// The number of sessions for a one-sided test at level α = 1 − `confidence` to show, with the
    /// given power, that a rate whose true value is `rate` (p₁) is above `threshold` (p₀) — or below
    /// it when p₁ < p₀.
    ///
    /// n = ⌈((z₁₋α √(p₀(1 − p₀)) + z_power √(p₁(1 − p₁))) / (p₁ − p₀))²⌉, the score-test formula
    /// (J. L. Fleiss, B. Levin and M. C. Paik (2003), Statistical Methods for Rates and Proportions,
    /// 3rd ed., eq. 2.5 for one sample).
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` when p₁ = p₀, a rate is outside (0, 1), or power or
    ///   confidence is outside (0, 1).
    /// - Complexity: O(1).
    public static func toShowRate(
        _ rate: Double, beyond threshold: Double, power: Double = 0.8, confidence: Double = 0.95
    ) throws(StatsError) -> Int {
        try validateConfidence(confidence)
        guard power > 0, power < 1 else {
            throw .invalidArgument("power \(power) is not between 0 and 1 (exclusive); use e.g. 0.8")
        }
        guard rate > 0, rate < 1 else { throw .invalidArgument("rate \(rate) is not strictly between 0 and 1") }
        guard threshold > 0, threshold < 1 else {
            throw .invalidArgument("threshold \(threshold) is not strictly between 0 and 1")
        }
        guard rate != threshold else {
            throw .invalidArgument("rate and threshold are both \(rate): no sample can show a rate differs from itself")
        }
        let zAlpha = GSL.normalUpperQuantile(1 - confidence)
        let zBeta = GSL.normalUpperQuantile(1 - power)
        let root =
            (zAlpha * (threshold * (1 - threshold)).squareRoot() + zBeta * (rate * (1 - rate)).squareRoot())
            / (rate - threshold)
        return try ceilingCount(root * root)
    }

    /// The number of reviewed sessions that, if none of them shows an issue, bounds the issue rate
    /// below `ceiling` at the given confidence: the smallest n with (1 − c)^n ≤ 1 − C, i.e. the
    /// exact one-sided Clopper–Pearson upper bound 1 − (1 − C)^{1/n} at k = 0 is at most c.
    ///
    /// n = ⌈ln(1 − C) / ln(1 − c)⌉. The "rule of three" (``ruleOfThree(ceiling:confidence:)``) is its
    /// approximation −ln(1 − C)/c ≈ 3/c at 95 %. B. D. Jovanovic and P. S. Levy (1997), "A look at
    /// the rule of three", The American Statistician 51, 137–139.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` for a ceiling outside (0, 1) or a confidence
    ///   outside (0, 1).
    /// - Complexity: O(1).
    public static func zeroIssueReviews(ceiling: Double, confidence: Double = 0.95) throws(StatsError) -> Int {
        try validateConfidence(confidence)
        guard ceiling > 0, ceiling < 1 else {
            throw .invalidArgument("issue-rate ceiling \(ceiling) is not strictly between 0 and 1; e.g. 0.01 for 1 %")
        }
        let lnAlpha = try GSL.log(1 - confidence)
        let lnKeep = try GSL.log1p(-ceiling)
        var n = try ceilingCount(lnAlpha / lnKeep)
        // Guard the ceiling against a ratio that rounded up past an exact integer.
        while n > 1, Double(n - 1) * lnKeep <= lnAlpha { n -= 1 }
        return n
    }

    /// The rule of three generalised to any confidence: −ln(1 − C)/c sessions (3/c at 95 %), rounded up.
    public static func ruleOfThree(ceiling: Double, confidence: Double = 0.95) throws(StatsError) -> Int {
        try validateConfidence(confidence)
        guard ceiling > 0, ceiling < 1 else {
            throw .invalidArgument("issue-rate ceiling \(ceiling) is not strictly between 0 and 1; e.g. 0.01 for 1 %")
        }
        return try ceilingCount(-(try GSL.log(1 - confidence)) / ceiling)
    }

    /// The number of trials at which an interval of `method` is `conclusive` with probability at
    /// least `power` when the true rate is `rate`: the exact binomial power of the verdict a report
    /// gives, not a normal approximation of another test.
    ///
    /// For n trials, the counts k whose interval is conclusive form a tail — k ≥ k* when
    /// `conclusiveAbove` (the interval clears a floor from above), k ≤ k* otherwise (it stays under
    /// a ceiling) — so the power is one binomial tail, P(K ≥ k*) = I_p(k*, n − k* + 1) or
    /// P(K ≤ k*) = 1 − I_p(k* + 1, n − k*), with I the regularised incomplete beta function.
    /// Because the binomial is discrete, power is not monotone in n (a saw-tooth, see M. R. Chernick
    /// and C. Y. Liu (2002), "The saw-toothed behavior of power versus sample size and software
    /// solutions", The American Statistician 56, 149–155); the search doubles n until the power is
    /// reached and bisects below, so the n returned always reaches it.
    ///
    /// - Parameters:
    ///   - rate: the true rate p, strictly between 0 and 1.
    ///   - power: the wanted probability of a conclusive interval, in (0, 1).
    ///   - method: the interval method the verdict is reached with.
    ///   - confidence: the interval's confidence level, strictly between 0 and 1.
    ///   - conclusiveAbove: whether large counts are conclusive (true) or small ones (false).
    ///   - conclusive: the verdict's rule on an interval; monotone in k in the stated direction.
    /// - Returns: the number of trials, or nil when no n up to 2^53 reaches the power.
    /// - Complexity: O(log² n) interval evaluations.
    public static func toConclude(
        rate: Double, power: Double, method: IntervalMethod, confidence: Double, conclusiveAbove: Bool,
        where conclusive: (Interval) -> Bool
    ) throws(StatsError) -> Int? {
        try validateConfidence(confidence)
        guard rate > 0, rate < 1 else { throw .invalidArgument("rate \(rate) is not strictly between 0 and 1") }
        guard power > 0, power < 1 else {
            throw .invalidArgument("power \(power) is not between 0 and 1 (exclusive); use e.g. 0.8")
        }
        return try smallestTrials { (trials: Double) throws(StatsError) -> Bool in
            let n = Int(trials)
            func isConclusive(_ k: Int) throws(StatsError) -> Bool {
                conclusive(try method.interval(count: k, total: n, confidence: confidence))
            }
            if conclusiveAbove {
                guard try isConclusive(n) else { return false }
                var lo = -1  // largest k known not conclusive
                var hi = n  // smallest k known conclusive
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2
                    if try isConclusive(mid) { hi = mid } else { lo = mid }
                }
                let tail = hi == 0 ? 1 : try BetaDistribution(alpha: Double(hi), beta: Double(n - hi + 1)).lowerTail(rate)
                return tail >= power
            } else {
                guard try isConclusive(0) else { return false }
                var lo = 0  // largest k known conclusive
                var hi = n + 1  // smallest k known not conclusive
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2
                    if try isConclusive(mid) { lo = mid } else { hi = mid }
                }
                let tail = lo == n ? 1 : try BetaDistribution(alpha: Double(lo + 1), beta: Double(n - lo)).upperTail(rate)
                return tail >= power
            }
        }
    }

    /// Further trials after which the interval of `rate`, at the same observed rate, satisfies
    /// `conclusive`: 0 when it already does, nil when no sample up to 2^53 would (or there is no data).
    ///
    /// The question must be monotone in n (once conclusive, conclusive for every larger n), as
    /// "the interval excludes a threshold" is.
    ///
    /// - Complexity: O(log n) interval evaluations.
    public static func furtherTrials(
        for rate: Rate, until conclusive: (Interval) -> Bool
    ) throws(StatsError) -> Int? {
        guard let interval = rate.interval, let value = rate.value else { return nil }
        if conclusive(interval) { return 0 }
        let method = rate.method
        let confidence = rate.confidence
        let total = try smallestTrials(from: rate.total + 1) { (n: Double) throws(StatsError) -> Bool in
            conclusive(try method.interval(successes: value * n, trials: n, confidence: confidence))
        }
        return total.map { $0 - rate.total }
    }

    /// The smallest whole number of trials n in [1, 2^53] for which `satisfied(n)` holds, assuming it
    /// holds for every larger n once it holds (a monotone question); nil when even 2^53 does not.
    ///
    /// - Complexity: O(log n) calls of `satisfied`.
    public static func smallestTrials(
        from start: Int = 1, where satisfied: (Double) throws(StatsError) -> Bool
    ) throws(StatsError) -> Int? {
        var lo = max(start, 1) - 1  // largest value known (or assumed) not to satisfy
        var hi = max(start, 1)
        while !(try satisfied(Double(hi))) {
            lo = hi
            guard hi < maximumTotal else { return nil }
            hi = min(hi * 2, maximumTotal)
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if try satisfied(Double(mid)) { hi = mid } else { lo = mid }
        }
        return hi
    }

    private static func ceilingCount(_ value: Double) throws(StatsError) -> Int {
        guard value.isFinite, value < Double(maximumTotal) else {
            throw .invalidArgument("the required sample exceeds 2^53 sessions")
        }
        return max(1, Int(value.rounded(.up)))
    }
}

func validateRate(_ rate: Double, name: String) throws(StatsError) {
    guard rate >= 0, rate <= 1 else {
        throw .invalidArgument("\(name) \(rate) is not a rate in [0, 1]; give it as a proportion, e.g. 0.8 for 80 %")
    }
}
