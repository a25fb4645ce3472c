import SextantStats

/// How a rate's interval stands against its target range [floor, ceiling] (<doc:MetricsAndTargets>).
public enum Verdict: String, CaseIterable, Hashable, Sendable, Codable {
    /// The whole interval is below the floor: upper < floor.
    case below
    /// The interval straddles the floor: more sessions are needed to tell.
    case inconclusive
    /// The interval is at or above the floor: lower ≥ floor (and not above the ceiling).
    case met
    /// The whole interval is above the top of the range: lower > ceiling.
    case above
}

extension Verdict {
    /// A rate's verdict from a band of plausible values (an interval, or a simulation's 5–95 %
    /// band) against its target range: `below` when the band is under the floor, `above` when it
    /// is over the ceiling, `met` when it reaches the floor, `inconclusive` otherwise.
    public static func rate(_ band: Interval, against target: TargetRange) -> Verdict {
        if band.upper < target.floor { return .below }
        if band.lower > target.ceiling { return .above }
        if band.lower >= target.floor { return .met }
        return .inconclusive
    }

    /// An issue rate's verdict against its ceiling: `met` when the band is within it, `above` when
    /// it is over it (or, with zero tolerance, when any issue was seen), `inconclusive` otherwise.
    public static func issue(_ band: Interval, ceiling: Double, toleranceBroken: Bool = false) -> Verdict {
        if toleranceBroken { return .above }
        if band.upper <= ceiling { return .met }
        if band.lower > ceiling { return .above }
        return .inconclusive
    }
}

/// A contained or resolution rate judged against its target range.
public struct Gap: Hashable, Sendable {
    /// The target range.
    public let target: TargetRange
    /// The verdict from the interval.
    public let verdict: Verdict
    /// The point estimate minus the floor, in percentage points (negative below the floor); nil
    /// without data.
    public let gapPoints: Double?
    /// The probability that the true rate is at least the floor: the upper tail of the Jeffreys
    /// posterior Beta(k + ½, n − k + ½) at the floor; nil without data.
    public let probabilityReachesFloor: Double?
    /// Further sessions that would make the verdict conclusive if the rate stayed where it is:
    /// 0 when it already is; nil when no number would (the rate sits exactly on the floor, or there
    /// is no data).
    public let sessionsToConclude: Int?

    /// Judges `rate` against `target`.
    ///
    /// - Throws: `StatsError` from the interval computations (invalid confidence).
    /// - Complexity: O(log N) interval evaluations for an inconclusive verdict.
    public init(rate: Rate, target: TargetRange) throws(StatsError) {
        self.target = target
        guard let interval = rate.interval, let value = rate.value else {
            verdict = .inconclusive
            gapPoints = nil
            probabilityReachesFloor = nil
            sessionsToConclude = nil
            return
        }
        verdict = .rate(interval, against: target)
        gapPoints = (value - target.floor) * 100
        probabilityReachesFloor = try RatePosterior.probabilityAtLeast(target.floor, count: rate.count, total: rate.total)
        // At a rate exactly on the floor no sample is conclusive.
        sessionsToConclude =
            value == target.floor && verdict == .inconclusive
            ? nil
            : try SampleSize.furtherTrials(for: rate) { $0.upper < target.floor || $0.lower >= target.floor }
    }

}

/// An issue rate judged against its ceiling: `met` when the interval's upper bound is at most the
/// ceiling, `above` when its lower bound exceeds it (or, with zero tolerance, when any issue was
/// seen), `inconclusive` otherwise.
public struct IssueGap: Hashable, Sendable {
    /// The ceiling, or nil when this rate is reported but not judged.
    public let ceiling: Double?
    /// Whether one observed issue fails the rate, whatever the interval.
    public let zeroTolerance: Bool
    /// The verdict, or nil when not judged.
    public let verdict: Verdict?
    /// The probability that the true rate is at most the ceiling (Jeffreys posterior); nil when
    /// not judged or without data.
    public let probabilityWithinCeiling: Double?
    /// Further reviewed sessions that would make the verdict conclusive at the current rate: 0 when
    /// it already is, nil when no number would or when not judged.
    public let sessionsToConclude: Int?

    /// Judges an issue `rate` against `ceiling`.
    public init(rate: Rate, ceiling: Double?, zeroTolerance: Bool) throws(StatsError) {
        self.ceiling = ceiling
        self.zeroTolerance = zeroTolerance
        guard let ceiling else {
            verdict = nil
            probabilityWithinCeiling = nil
            sessionsToConclude = nil
            return
        }
        guard let interval = rate.interval, let value = rate.value else {
            verdict = .inconclusive
            probabilityWithinCeiling = nil
            sessionsToConclude = nil
            return
        }
        probabilityWithinCeiling = 1 - (try RatePosterior.probabilityAtLeast(ceiling, count: rate.count, total: rate.total))
        verdict = .issue(interval, ceiling: ceiling, toleranceBroken: zeroTolerance && rate.count > 0)
        if verdict != .inconclusive {
            sessionsToConclude = 0
        } else if value == ceiling {
            sessionsToConclude = nil
        } else {
            sessionsToConclude = try SampleSize.furtherTrials(for: rate) { $0.upper <= ceiling || $0.lower > ceiling }
        }
    }
}
