import SextantStats

extension WeeklyReview {
    /// Reviews a log split by week (and optionally by intent) week by week.
    ///
    /// - Parameters:
    ///   - summary: the log's tallies, split by ``SegmentDimension/week`` and optionally
    ///     ``SegmentDimension/intent`` (a review per intent); other dimensions are summed over.
    ///   - options: the interval method and confidence, targets, reasons, weeks and changes.
    /// - Throws: ``ModelError`` when the summary is not split by week, spans more than
    ///   ``WeeklyReviewOptions/maximumWeeks`` weeks, a change names no ISO week, or a rate cannot
    ///   be computed (an invalid confidence).
    /// - Complexity: O(segments + scopes · weeks · (metrics + reasons)).
    public init(_ summary: LogSummary, options: WeeklyReviewOptions) throws(ModelError) {
        guard let weekIndex = summary.dimensions.firstIndex(of: .week) else {
            throw ModelError(.root, "a weekly review needs the sessions split by week (their started_at dates)")
        }
        let intentIndex = summary.dimensions.firstIndex(of: .intent)
        inputs = summary.inputs
        method = options.method
        confidence = options.confidence
        reviewAssumed = !summary.reviewRecorded
        reasonsRecorded = summary.reasonsRecorded
        invalidRows = summary.invalidRows
        weeksAsked = options.weeks
        topReasons = options.topReasons
        changes = options.changes.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(
            \.element)
        (targets, workflowChoice) = summary.targets(workflow: options.workflow, overrides: options.overrides)

        // The weekly counts and reasons of all sessions and of each intent.
        var all = WeeklyCounts()
        var byIntent: [IntentKey: WeeklyCounts] = [:]
        for (key, tally) in summary.segments {
            guard let label = key.value(at: weekIndex) else { continue }
            let week = try ISOWeekOrdinal.ordinal(label)
            let reasons = summary.segmentReasons[key] ?? [:]
            all.add(tally, reasons: reasons, week: week)
            if let intentIndex {
                byIntent[IntentKey(key, at: intentIndex), default: WeeklyCounts()].add(tally, reasons: reasons, week: week)
            }
        }

        // The weeks shown: the last `weeks` calendar weeks, or all, ending with the latest week.
        let span = all.span
        var shown: ClosedRange<Int>?
        if let span {
            let first = options.weeks.map { max(span.lowerBound, span.upperBound - $0 + 1) } ?? span.lowerBound
            let count = span.upperBound - first + 1
            guard count <= WeeklyReviewOptions.maximumWeeks else {
                throw ModelError(
                    .root,
                    "the log spans \(count) weeks, from \(ISOWeekOrdinal.label(first)) to \(ISOWeekOrdinal.label(span.upperBound)); "
                        + "expected at most \(WeeklyReviewOptions.maximumWeeks): review the last weeks only (--weeks N)")
            }
            shown = first...span.upperBound
        }
        sessionsBefore = all.weeks.filter { week, _ in shown.map { week < $0.lowerBound } ?? false }.reduce(0) {
            $0 + $1.value.sessions
        }

        var placed: [(change: RolloutChange, week: Int)] = []
        for change in changes { placed.append((change, try ISOWeekOrdinal.ordinal(change.week))) }
        let builder = ScopeBuilder(
            shown: shown, targets: targets, method: options.method, confidence: options.confidence, top: options.topReasons)
        self.all = try builder.scope(intent: nil, all, changes: placed)
        intents = try byIntent.sorted { $0.key < $1.key }.map { (entry) throws(ModelError) in
            try builder.scope(
                intent: entry.key.name, entry.value,
                changes: placed.filter { $0.change.intent == nil || $0.change.intent == entry.key.name })
        }
        let names = intents.compactMap(\.intent)
        let known = Set(names)
        unmatchedChanges =
            intentIndex == nil
            ? []
            : changes.compactMap { change in
                guard let intent = change.intent, !known.contains(intent) else { return nil }
                return UnmatchedChange(change: change, suggestion: options.closestIntent?(intent, names))
            }
    }
}

/// An intent as a segment holds it: its shown name, and whether the sessions had none.
private struct IntentKey: Hashable, Comparable {
    let name: String
    let missing: Bool

    init(_ key: SegmentKey, at index: Int) {
        name = key.values[index]
        missing = key.value(at: index) == nil
    }

    static func < (lhs: IntentKey, rhs: IntentKey) -> Bool {
        (lhs.name, lhs.missing ? 0 : 1) < (rhs.name, rhs.missing ? 0 : 1)
    }
}

/// Counts and handoff reasons per week ordinal.
private struct WeeklyCounts {
    var weeks: [Int: Tally] = [:]
    var reasons: [Int: [String?: Int]] = [:]

    mutating func add(_ tally: Tally, reasons: [String?: Int], week: Int) {
        weeks[week, default: Tally()].add(tally)
        for (reason, count) in reasons { self.reasons[week, default: [:]][reason, default: 0] += count }
    }

    /// The first and last weeks with sessions; nil when there are none.
    var span: ClosedRange<Int>? {
        let withData = weeks.filter { $0.value.sessions > 0 }.keys
        guard let first = withData.min(), let last = withData.max() else { return nil }
        return first...last
    }
}

/// Builds the review of one scope over the weeks shown.
private struct ScopeBuilder {
    let shown: ClosedRange<Int>?
    let targets: Targets
    let method: IntervalMethod
    let confidence: Double
    let top: Int

    func scope(intent: String?, _ counts: WeeklyCounts, changes: [(change: RolloutChange, week: Int)]) throws(ModelError)
        -> WeeklyReview.Scope
    {
        let ordinals = shown.map(Array.init) ?? []
        let withData = counts.weeks.filter { $0.value.sessions > 0 }.keys.sorted()
        func previous(_ week: Int) -> Int? { withData.last { $0 < week } }

        // The p-charts over the weeks shown: each metric's centre line and each week's limits.
        var centers: [Metric: Double] = [:]
        var limits: [Metric: [ControlLimits?]] = [:]
        for metric in Metric.measured {
            let tallies = ordinals.map { counts.weeks[$0] ?? Tally() }
            let chart = ControlLimits.pChart(tallies.map { ($0.count(metric) ?? 0, $0.total(metric) ?? 0) })
            centers[metric] = chart.center
            limits[metric] = chart.limits
        }

        var weeks: [WeeklyReview.Week] = []
        for (index, week) in ordinals.enumerated() {
            let tally = counts.weeks[week] ?? Tally()
            let metrics = try stats { () throws(StatsError) in try Metrics(tally, method: method, confidence: confidence) }
            let gaps = try stats { () throws(StatsError) in try Gaps(metrics, targets: targets) }
            let earlier = tally.sessions > 0 ? previous(week) : nil
            var change: [Metric: RateDifference] = [:]
            var control: [Metric: ControlLimits] = [:]
            for metric in Metric.measured {
                if let earlier, let earlierTally = counts.weeks[earlier] {
                    change[metric] = try stats { () throws(StatsError) in
                        try RateDifference.of(metric, tally, against: earlierTally, confidence: confidence)
                    }
                }
                control[metric] = limits[metric]?[index]
            }
            let reasons = try stats { () throws(StatsError) in
                try Measurement.reasonShares(counts.reasons[week] ?? [:], top: top, confidence: confidence)
            }
            weeks.append(
                WeeklyReview.Week(
                    week: ISOWeekOrdinal.label(week), tally: tally, metrics: metrics, gaps: gaps,
                    comparedWith: earlier.map(ISOWeekOrdinal.label), change: change, control: control,
                    handoffSessions: tally.unresolved, reasons: reasons,
                    changes: changes.filter { $0.week == week }.map(\.change)))
        }

        let latest = ordinals.last { (counts.weeks[$0]?.sessions ?? 0) > 0 }
        var trends: [WeeklyReview.ReasonTrend] = []
        if let latest {
            trends = try reasonTrends(counts, latest: latest, previous: previous(latest), ordinals: ordinals)
        }
        return WeeklyReview.Scope(
            intent: intent, weeks: weeks, latestWeek: latest.map(ISOWeekOrdinal.label), reasonTrends: trends,
            changeEffects: try effects(counts, changes: changes, ordinals: ordinals), centers: centers)
    }

    /// The latest week's top reasons, each followed over the weeks shown.
    private func reasonTrends(_ counts: WeeklyCounts, latest: Int, previous: Int?, ordinals: [Int]) throws(ModelError)
        -> [WeeklyReview.ReasonTrend]
    {
        let reasons = counts.reasons[latest] ?? [:]
        let shares = try stats { () throws(StatsError) in try Measurement.reasonShares(reasons, top: top, confidence: confidence)
        }
        let sessions = counts.weeks[latest]?.sessions ?? 0
        return try zip(Self.topKeys(reasons, top: top), shares).map { (pair) throws(ModelError) in
            let (key, share) = pair
            let weekly = ordinals.map { counts.reasons[$0]?[key] ?? 0 }
            let rates = ordinals.map { week -> Double? in
                let sessions = counts.weeks[week]?.sessions ?? 0
                return sessions > 0 ? Double(counts.reasons[week]?[key] ?? 0) / Double(sessions) : nil
            }
            var change: RateDifference?
            if let previous {
                change = try stats { () throws(StatsError) in
                    try RateDifference(
                        count: reasons[key] ?? 0, total: sessions, earlierCount: counts.reasons[previous]?[key] ?? 0,
                        earlierTotal: counts.weeks[previous]?.sessions ?? 0, confidence: confidence, lowerIsBetter: true)
                }
            }
            return WeeklyReview.ReasonTrend(
                reason: share.reason, code: share.code, latest: share, counts: weekly, rates: rates, change: change)
        }
    }

    /// The top reasons' keys, in the order of ``Measurement/reasonShares(_:top:confidence:)``:
    /// by count, then name, a handoff without a reason before a reason spelled like it.
    static func topKeys(_ reasons: [String?: Int], top: Int) -> [String?] {
        reasons.filter { $0.value > 0 }.map { (key: $0.key, name: $0.key ?? LogSummary.noReason, count: $0.value) }
            .sorted { ($1.count, $0.name, $0.key == nil ? 0 : 1) < ($0.count, $1.name, $1.key == nil ? 0 : 1) }
            .prefix(max(1, top)).map(\.key)
    }

    /// Each change with the weeks shown before and after it (up to the neighbouring changes' weeks).
    private func effects(_ counts: WeeklyCounts, changes: [(change: RolloutChange, week: Int)], ordinals: [Int])
        throws(ModelError) -> [ChangeEffect]
    {
        let boundaries = Set(changes.map(\.week)).sorted()
        let dataWeeks = ordinals.filter { (counts.weeks[$0]?.sessions ?? 0) > 0 }
        return try changes.map { (placed) throws(ModelError) in
            let (change, week) = placed
            let start = boundaries.last { $0 < week } ?? Int.min
            let end = boundaries.first { $0 > week } ?? Int.max
            let before = dataWeeks.filter { $0 >= start && $0 < week }
            let after = dataWeeks.filter { $0 >= week && $0 < end }
            func pooled(_ weeks: [Int]) -> Tally { weeks.reduce(into: Tally()) { $0.add(counts.weeks[$1] ?? Tally()) } }
            let (beforeTally, afterTally) = (pooled(before), pooled(after))
            var differences: [Metric: RateDifference] = [:]
            for metric in Metric.measured {
                differences[metric] = try stats { () throws(StatsError) in
                    try RateDifference.of(metric, afterTally, against: beforeTally, confidence: confidence)
                }
            }
            return ChangeEffect(
                change: change, beforeWeeks: before.map(ISOWeekOrdinal.label), afterWeeks: after.map(ISOWeekOrdinal.label),
                before: beforeTally, after: afterTally,
                beforeMetrics: try stats { () throws(StatsError) in
                    try Metrics(beforeTally, method: method, confidence: confidence)
                },
                afterMetrics: try stats { () throws(StatsError) in
                    try Metrics(afterTally, method: method, confidence: confidence)
                }, differences: differences)
        }
    }
}

/// Runs a statistics computation, reporting its error as a model error.
private func stats<T>(_ body: () throws(StatsError) -> T) throws(ModelError) -> T {
    do {
        return try body()
    } catch {
        throw ModelError(.root, error.description)
    }
}
