import SextantModel
import SextantStats

// The plain words of each report's page (``Document/Guide``): what its intervals and verdicts
// mean, and what to do next, drawn from the figures themselves.

extension MeasurementReport {
    /// What a measured rate's interval and verdict mean, and the next steps: issue rates over
    /// their ceilings first, then rates under their floors, weeks outside their control limits,
    /// inconclusive verdicts and what settles them.
    func guide() -> Document.Guide {
        let m = measurement
        var urgent: [String] = []
        var later: [String] = []
        for metric in Metric.issueRates {
            let gap = Self.issueGap(m.overall.gaps, metric)
            let rate = m.overall.metrics[metric]!
            switch gap.verdict {
            case .above?:
                urgent.append(
                    "\(metric.label) (\(Format.percent(rate.value, decimals: 2))) exceed their ceiling of "
                        + "\(Format.percent(gap.ceiling, decimals: 2)): read the sessions with such issues and fix their cause "
                        + "before widening the rollout.")
            case .inconclusive?:
                later.append(
                    "\(metric.label): not yet shown to be under their ceiling; "
                        + (gap.sessionsToConclude.map { "review about \(Format.count($0)) more sessions to settle it." }
                            ?? "no number of reviews settles it at this rate."))
            default: break
            }
        }
        let topReason = m.reasons.first { $0.action != nil }
        for (metric, gap) in [(Metric.contained, m.overall.gaps.contained), (.resolution, m.overall.gaps.resolution)] {
            let rate = m.overall.metrics[metric]!
            let figures = "\(Format.percent(rate.value)) against a floor of \(Format.compactPercent(gap.target.floor))"
            switch gap.verdict {
            case .below:
                urgent.append(
                    "\(metric.label) is below its target (\(figures)): "
                        + (topReason.map { "start with the top handoff reason, \($0.reason): \($0.action ?? "")." }
                            ?? "find out why sessions reach a person."))
            case .inconclusive:
                later.append(
                    "\(metric.label) is inconclusive (\(figures)): "
                        + (rate.total == 0
                            ? "there are no sessions yet."
                            : gap.sessionsToConclude.map {
                                "about \(Format.count($0)) more sessions at this rate would settle it."
                            }
                                ?? "no number of sessions settles it at this rate."))
            case .above:
                later.append(
                    "\(metric.label) is above the top of its range: check that sessions which need a person still reach one.")
            case .met:
                later.append("\(metric.label) meets its target (\(figures)): keep measuring it every week.")
            }
        }
        var signals: [String] = []
        if m.dimensions == [.week] {
            for series in weeklyTrend().series {
                for point in series.points where point.outsideControlLimits {
                    signals.append(
                        "\(series.name) in \(point.label) (\(Format.percent(point.value))) is outside its control limits: a real "
                            + "change, not noise; look for what changed that week (instructions, assets, actions or routing).")
                }
            }
        }
        let small = m.segments.filter(\.small).count
        if small > 0 {
            later.append(
                "\(Format.count(small, "segment")) with fewer than \(Format.count(m.smallSegment, "session")): "
                    + "read \(small == 1 ? "its" : "their") wide intervals with care.")
        }
        return Document.Guide(
            interval: Self.intervalWords(confidence: m.confidence, method: m.method), verdict: Self.verdictWords,
            next: urgent + signals + later)
    }

    /// What a measured rate's interval means, in plain words (shared by every page of measured rates).
    static func intervalWords(confidence: Double, method: IntervalMethod) -> String {
        let level = Format.confidence(confidence)
        return "Each rate comes with its \(level) \(method.rawValue) interval: the true rates that fit what was counted. "
            + "Intervals made this way hold the true rate in \(level) of reports; the fewer the sessions, the wider they are. "
            + "Issue rates count reviewed sessions only."
    }

    /// What a measured rate's verdict means, in plain words.
    static let verdictWords =
        "A verdict compares the whole interval with the target, not the rate alone: met when even the lower bound reaches "
        + "the floor; below when even the upper bound is under it; above when the lower bound passes the top of the "
        + "range; inconclusive when the interval straddles the floor, which only more sessions can settle. An issue rate "
        + "is met when its upper bound is at most the ceiling, above when its lower bound exceeds it (or, under zero "
        + "tolerance, when one issue is seen)."
}

extension ReviewReport {
    /// What the review's intervals, verdicts, changes and control limits mean, and the next steps
    /// for the latest week: rates under their floors and issue rates over their ceilings, real
    /// moves for the worse, weeks outside their control limits, then the top reasons' improvements.
    func guide() -> Document.Guide? {
        guard let latest = r.all.weeks.last(where: \.hasData) else { return nil }
        var next: [String] = []
        for metric in Metric.measured {
            guard let verdict = latest.gaps.verdict(metric), let rate = latest.metrics[metric] else { continue }
            let value = Format.percent(rate.value, decimals: metric.isIssueRate ? 2 : 1)
            switch (verdict, metric.isIssueRate) {
            case (.above, true):
                next.append(
                    "\(metric.label) in \(latest.week) (\(value)) exceed their ceiling: read those sessions and fix the cause first."
                )
            case (.below, false):
                next.append(
                    "\(metric.label) in \(latest.week) (\(value)) is below its floor: work on the top handoff reasons below.")
            default: break
            }
        }
        for metric in Metric.measured {
            if let change = latest.change[metric], change.reading == .worsened, let previous = latest.comparedWith {
                next.append(
                    "\(metric.label) worsened against \(previous) by more than noise (\(Format.points(change.difference * 100))): "
                        + "look for what changed that week — instructions, assets, actions or routing.")
            }
        }
        for week in r.all.weeks {
            for metric in Metric.measured {
                if let side = week.control[metric]?.side {
                    next.append(
                        "\(week.week): \(metric.label) \(side.rawValue) its control limits — a real move, not noise; "
                            + "match it against the changes made that week.")
                }
            }
        }
        for trend in r.all.reasonTrends.prefix(3) {
            if let action = trend.action { next.append("Handoff reason \(trend.reason): \(action).") }
        }
        next.append("Next week, run the review again and record what you change in the changes file (--changes).")
        return Document.Guide(
            interval: MeasurementReport.intervalWords(confidence: r.confidence, method: r.method)
                + " A change between two weeks comes with Newcombe's interval of the difference; it is real when its "
                + "two-sided p-value is below \(Format.confidence(r.significanceLevel)), noise otherwise.",
            verdict: MeasurementReport.verdictWords
                + " A week outside its control limits (the pooled rate ± 3 standard errors) moved more than week-to-week "
                + "sampling noise explains.",
            next: next)
    }
}

extension SimulationReport {
    /// What a simulated band and its verdict mean, and what to do about each metric.
    func guide() -> Document.Guide {
        let scenario = result.scenario
        var urgent: [String] = []
        var later: [String] = []
        var met: [String] = []
        for metric in Metric.allCases where metric != .automation {
            guard let verdict = result.verdicts[metric], let summary = result.overall[metric] else { continue }
            let band = Format.percentRange(summary.p05, summary.p95, decimals: metric.percentDecimals)
            let (name, its, verb) = metric.isIssueRate ? (metric.label, "their", "are") : (metric.label, "its", "is")
            switch (verdict, metric.isIssueRate) {
            case (.below, _):
                urgent.append(
                    "\(name) \(verb) expected below \(its) floor (5%–95%: \(band)): rank the levers that lift it with "
                        + "sextant plan and --levers before rolling out.")
            case (.above, true):
                urgent.append(
                    "\(name) \(verb) expected over \(its) ceiling (5%–95%: \(band)): lower residual errors and conflicting "
                        + "assets first (see the levers of sextant plan).")
            case (.inconclusive, _):
                later.append(
                    "\(name) may or may not meet \(its) target (5%–95%: \(band)): the scenario's uncertain parameters "
                        + "decide it; measure them early in the rollout.")
            case (.met, _), (.above, false):
                met.append("\(name) \(band)")
            }
        }
        if !met.isEmpty {
            later.append(
                "Expected to meet \(met.count == 1 ? "its target" : "their targets") (5%–95%): " + met.joined(separator: ", ")
                    + ".")
        }
        later.append(
            "Once the rollout runs, measure the real logs every week (sextant report --by week) and gate Auto-Pilot on them "
                + "(sextant gate).")
        return Document.Guide(
            interval:
                "A band is not a confidence interval of data: the 5%–95% band is where 90% of the "
                + "\(Format.count(result.replications)) simulated rollouts of \(scenario.name) land, each drawing the uncertain "
                + "parameters anew. Expected is the model's exact rate at the parameters' point values.",
            verdict:
                "A verdict judges the whole band against the \(scenario.workflow.rawValue) targets: met when even its 5th "
                + "percentile reaches the floor (or, for an issue rate, its 95th stays under the ceiling), below or above when "
                + "the whole band misses, inconclusive when it straddles the line. P(≥ floor) is the share of rollouts that reach "
                + "the floor.",
            next: urgent + later)
    }
}

extension GateReport {
    /// What the bounds a gate compares mean, what ready and not ready mean, and what each failing
    /// criterion needs.
    func guide() -> Document.Guide {
        let e = evaluation
        let level = Format.confidence(e.policy.lookConfidence)
        var next: [String] = []
        for criterion in e.decision.criteria where !criterion.passed {
            switch criterion.kind {
            case .minSessions:
                next.append(
                    "Collect at least \(Format.count(Int(max(0, criterion.threshold - (criterion.figure ?? 0))))) more AI "
                        + "sessions (\(Format.count(Int(criterion.figure ?? 0))) of \(Format.count(Int(criterion.threshold)))).")
            case .minReviewed:
                next.append(
                    "Review at least \(Format.count(Int(max(0, criterion.threshold - (criterion.figure ?? 0))))) more sessions "
                        + "(\(Format.count(Int(criterion.figure ?? 0))) of \(Format.count(Int(criterion.threshold)))).")
            case .rate(let metric):
                let decimals = metric.percentDecimals
                guard let rate = criterion.rate, let value = rate.value else {
                    next.append("\(criterion.name): no data in the window; the log must record it.")
                    continue
                }
                let lower = criterion.bound == .lower
                let rateOnSide = lower ? value >= criterion.threshold : value <= criterion.threshold
                let bound = lower ? "lower bound" : "upper bound"
                let threshold = Format.percent(criterion.threshold, decimals: decimals)
                next.append(
                    "\(criterion.name): the \(bound) \(Format.percent(criterion.figure, decimals: decimals)) is not "
                        + (lower ? "at least" : "at most") + " \(threshold). "
                        + (rateOnSide
                            ? "The rate itself (\(Format.percent(value, decimals: decimals))) is on the right side: more sessions "
                                + "will narrow the interval."
                            : "The rate itself (\(Format.percent(value, decimals: decimals))) is on the wrong side: it must "
                                + (lower ? "rise" : "fall") + ", not only be measured longer."))
            }
        }
        if e.ready {
            next.append("Ready by this policy: widen Auto-Pilot as planned, and keep gating every week on a fresh window.")
        } else {
            next.append("Keep Auto-Pilot where it is and gate again when more weeks are in.")
        }
        let ready = e.intents.filter(\.ready).map(\.intent)
        if !e.intents.isEmpty, !ready.isEmpty, !e.ready {
            next.append("Intents ready on their own now: " + ready.joined(separator: ", ") + ".")
        }
        return Document.Guide(
            interval:
                "Each rate is judged by one bound of its \(level) \(e.policy.method.rawValue) interval, the true rates that fit "
                + "the sessions counted: contained and resolution by the lower bound, issue rates by the upper bound. Judging the "
                + "bound, not the rate, means a small sample cannot pass by luck.",
            verdict:
                "Ready (exit status 0) when every criterion passes in the window judged; not ready (exit status 1) when one fails: "
                + "too few sessions, a lower bound under its floor or an upper bound over its ceiling. A gate that fails only "
                + "for want of sessions may pass later with the same rates.",
            next: next)
    }
}

extension PlanReport {
    /// What the plan's probabilities and bands mean, and the dates and levers to act on.
    func guide() -> Document.Guide {
        var next: [String] = []
        if let gate {
            let first = gate.firstPassWeek
            if let median = first.p50 {
                next.append(
                    "Plan the go/no-go review for week \(median): half the simulated rollouts pass the gate by then"
                        + (first.p95.map { ", 95% by week \($0)." } ?? "."))
            } else {
                next.append(
                    "The gate passes in fewer than half the simulated rollouts within \(gate.weeks.count) weeks: pull a lever "
                        + (levers == nil ? "(sextant plan --levers ranks them)" : "(below)")
                        + " or change the policy before planning a date.")
            }
        }
        if let reviews {
            for row in reviews.rows where row.metric.isIssueRate {
                guard let perWeek = row.perWeekNeeded else { continue }
                next.append(
                    "Review about \(Format.count(perWeek)) sessions a week (review rate \(Format.percent(row.reviewRateNeeded, decimals: 2))) "
                        + "for \(row.metric.label) to be shown under \(Format.percent(row.threshold, decimals: 2)) by week "
                        + "\(reviews.byWeek).")
                break
            }
        }
        if let levers, let top = levers.chart(by: levers.rankedBy, top: 1).series.first?.points.first {
            next.append(
                "The top lever by \(levers.rankedBy.label) lift: \(top.label) "
                    + "(\(Format.points(top.value.map { $0 * 100 }, decimals: 2)))"
                    + (levers.ranked(by: levers.rankedBy).first.map { ": " + $0.action } ?? "") + ".")
        }
        if targetSearch != nil { next.append("The target search (below) says how far its lever must go.") }
        let replications = gate?.replications ?? replications
        return Document.Guide(
            interval:
                "Probabilities are shares of the \(Format.count(replications)) simulated rollouts of \(scenario.name)"
                + (gate.map { ", each within \(Format.percent($0.monteCarloError, decimals: 2)) (Monte Carlo error)" } ?? "")
                + ". A 5%–95% band is where 90% of the parameter draws put a figure.",
            verdict:
                "P(pass) at a week is the chance that the gate, judged that week, passes; P(passed by) that it has passed at "
                + "least once by then. A false pass is a pass while a judged rate is truly on the wrong side of its threshold; "
                + "a false hold, a fail while every one is on the right side.",
            next: next)
    }
}
