import Foundation
import SextantStats
import Testing

@testable import SextantModel

@Suite("ISO week arithmetic of the gate's window")
struct ISOWeekOrdinalTests {
    /// Every Monday from 1999 to 2041, labelled by Foundation's ISO 8601 calendar (an independent
    /// implementation), has the next ordinal after the Monday before it, and reads back.
    @Test("consecutive Mondays have consecutive ordinals across 52- and 53-week years, and labels read back")
    func consecutive() throws {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var monday = try #require(calendar.date(from: DateComponents(year: 1999, month: 1, day: 4)))
        var previous: Int?
        for _ in 0..<(43 * 52) {
            let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: monday)
            let week = try #require(parts.weekOfYear)
            let label = "\(try #require(parts.yearForWeekOfYear))-W" + (week < 10 ? "0\(week)" : "\(week)")
            let ordinal = try ISOWeekOrdinal.ordinal(label)
            if let previous { #expect(ordinal == previous + 1, "\(label)") }
            #expect(ISOWeekOrdinal.label(ordinal) == label)
            previous = ordinal
            monday = try #require(calendar.date(byAdding: .day, value: 7, to: monday))
        }
    }

    @Test("years with 53 ISO weeks are those starting on a Thursday, or leap years starting on a Wednesday")
    func longYears() throws {
        let long = (2000...2040).filter { ISOWeekOrdinal.weeks(in: $0) == 53 }
        #expect(long == [2004, 2009, 2015, 2020, 2026, 2032, 2037])
        #expect(throws: ModelError.self) { try ISOWeekOrdinal.ordinal("2025-W53") }
        #expect(throws: ModelError.self) { try ISOWeekOrdinal.ordinal("(none)") }
        #expect(try ISOWeekOrdinal.ordinal("2026-W53") + 1 == ISOWeekOrdinal.ordinal("2027-W01"))
    }

    @Test("a window counts calendar weeks back from its last week, across the year boundary")
    func window() throws {
        let window = try GateWindow(weeks: 4, last: "2026-W02", weeksWithData: 3)
        #expect(window.first == "2025-W51")
        #expect(try window.contains("2025-W51") && window.contains("2026-W02") && window.contains("2026-W01"))
        #expect(try !window.contains("2025-W50") && !window.contains("2026-W03"))
        #expect(try GateWindow(weeks: 1, last: "2026-W02").first == "2026-W02")
        #expect(try GateWindow(weeks: Int.max, last: "2026-W02").first == "0001-W01")
        #expect(try GateWindow(weeks: 3, last: nil).first == nil)
    }
}

@Suite("Gate evaluation on a log")
struct GateEvaluationTests {
    /// A tally of `n` sessions: `helped` tagged help, `unresolved` help or follow-up, `reviewed`
    /// reviewed with `p0` and `p1` sessions with an issue of that severity.
    static func tally(_ n: Int, helped: Int, unresolved: Int, reviewed: Int, p0: Int = 0, p1: Int = 0) -> Tally {
        Tally(
            sessions: n, humanHelp: helped, unresolved: unresolved, reviewed: reviewed, p0: p0, p1: p1, p2: 0, anyIssue: p0 + p1)
    }

    /// A summary split by week and intent, with the overall tally their sum.
    static func summary(_ segments: [([String], Tally)], workflows: [String: Int] = ["service-ecommerce": 1]) -> LogSummary {
        var summary = LogSummary()
        summary.inputs = ["log.csv"]
        summary.dimensions = [.week, .intent]
        for (key, tally) in segments {
            summary.segments[SegmentKey(key), default: Tally()].add(tally)
            summary.overall.add(tally)
        }
        summary.workflows = workflows
        return summary
    }

    static let log = summary([
        (["2026-W01", "returns"], tally(400, helped: 40, unresolved: 120, reviewed: 100, p0: 1, p1: 2)),
        (["2026-W01", "orders"], tally(600, helped: 30, unresolved: 60, reviewed: 150)),
        (["2026-W03", "orders"], tally(700, helped: 35, unresolved: 70, reviewed: 200, p1: 1)),
        (["2026-W04", "orders"], tally(500, helped: 25, unresolved: 50, reviewed: 150)),
        (["2026-W04", "returns"], tally(300, helped: 30, unresolved: 90, reviewed: 80)),
    ])

    static func policy(window: Int? = nil) -> GatePolicy {
        var policy = GatePolicy()
        policy.minSessions = 500
        policy.contained = .targetFloor
        policy.resolution = .value(0.8)
        policy.ceilings = [.p0: 0.05]
        policy.windowWeeks = window
        return policy
    }

    @Test("without a window every session is judged; figures are Wilson bounds; target floors follow the log's workflow")
    func allData() throws {
        let evaluation = try GateEvaluation(Self.log, policy: Self.policy())
        #expect(evaluation.window == nil && evaluation.tally == Self.log.overall)
        #expect(evaluation.targets.workflow == .serviceEcommerce)
        let byName = Dictionary(uniqueKeysWithValues: evaluation.decision.criteria.map { ($0.name, $0) })
        #expect(byName["contained"]?.threshold == 0.80)
        // 2,500 sessions: 160 helped, 390 unresolved; 680 reviewed with 1 P0.
        let contained = Reference.wilson(2340, 2500)
        let resolution = Reference.wilson(2110, 2500)
        let p0 = Reference.wilson(1, 680)
        #expect(abs(try #require(byName["contained"]?.figure) - contained.lower) < 1e-12)
        #expect(abs(try #require(byName["resolution"]?.figure) - resolution.lower) < 1e-12)
        #expect(abs(try #require(byName["P0"]?.figure) - p0.upper) < 1e-12)
        #expect(byName["resolution"]?.passed == (resolution.lower >= 0.8) && byName["P0"]?.passed == (p0.upper <= 0.05))
        #expect(evaluation.ready == evaluation.decision.criteria.allSatisfy(\.passed))
        #expect(evaluation.intents.map(\.intent) == ["orders", "returns"])
        #expect(evaluation.intents.map(\.tally.sessions) == [1800, 700])
        // orders: 1,620 of 1,800 resolved; returns: 490 of 700, so its resolution lower bound misses 0.8.
        #expect(evaluation.intents.map(\.ready) == [true, false])
        #expect(evaluation.intents[1].decision.criteria.filter { !$0.passed }.map(\.name) == ["resolution"])
    }

    @Test("a window takes calendar weeks: a quiet week is one of them, and sessions before the window are left out")
    func window() throws {
        let evaluation = try GateEvaluation(Self.log, policy: Self.policy(window: 3))
        let window = try #require(evaluation.window)
        #expect(window.first == "2026-W02" && window.last == "2026-W04" && window.weeksWithData == 2)
        #expect(evaluation.tally.sessions == 1500 && evaluation.tally.reviewed == 430 && evaluation.tally.p0 == 0)
        // returns has 300 sessions in the window: fewer than 500, so it is not ready whatever its rates.
        let returns = try #require(evaluation.intents.first { $0.intent == "returns" })
        #expect(returns.tally.sessions == 300 && !returns.ready)
        #expect(returns.decision.criteria.first?.name == "min_sessions" && returns.decision.criteria.first?.passed == false)
        // A window of one week judges the latest week alone.
        #expect(try GateEvaluation(Self.log, policy: Self.policy(window: 1)).tally.sessions == 800)
    }

    @Test("an intent with no session in the window is listed and not ready: its rates have no data")
    func intentOutsideWindow() throws {
        var log = Self.log
        log.segments[SegmentKey(["2025-W40", "refunds"])] = Self.tally(900, helped: 10, unresolved: 20, reviewed: 500)
        let evaluation = try GateEvaluation(log, policy: Self.policy(window: 2))
        let refunds = try #require(evaluation.intents.first { $0.intent == "refunds" })
        #expect(refunds.tally == Tally() && !refunds.ready)
        #expect(refunds.decision.criteria.filter { $0.rate != nil }.allSatisfy { $0.figure == nil && !$0.passed })
    }

    @Test("a log without intents judges the whole log only; one without a week cannot have a window")
    func dimensions() throws {
        var noIntents = Self.summary([(["2026-W01", "(none)"], Self.tally(100, helped: 1, unresolved: 2, reviewed: 10))])
        #expect(try GateEvaluation(noIntents, policy: Self.policy()).intents.isEmpty)
        noIntents.dimensions = [.intent]
        noIntents.segments = [SegmentKey(["(none)"]): noIntents.overall]
        #expect(throws: ModelErrors.self) { try GateEvaluation(noIntents, policy: Self.policy(window: 4)) }
        #expect(GateEvaluation.dimensions(for: Self.policy(window: 4)) == [.week, .intent])
        #expect(GateEvaluation.dimensions(for: Self.policy(), perIntent: false) == [])
    }

    @Test("sessions without a week refuse a window; empty rows without a week do not")
    func sessionsWithoutWeek() throws {
        var log = Self.log
        log.segments[SegmentKey(["(none)", "orders"])] = Tally()
        #expect(try GateEvaluation(log, policy: Self.policy(window: 2)).window?.last == "2026-W04")
        log.segments[SegmentKey(["(none)", "orders"])] = Self.tally(5, helped: 0, unresolved: 0, reviewed: 0)
        let error = try #require(throws: ModelErrors.self) { try GateEvaluation(log, policy: Self.policy(window: 2)) }
        #expect(error.description == "found 5 sessions without a week; a window of weeks needs the week of every session")
    }

    @Test("--workflow picks the target row a target floor means, over the log's own workflow")
    func workflowChoice() throws {
        let evaluation = try GateEvaluation(Self.log, policy: Self.policy(), workflow: .serviceTechnology)
        #expect(evaluation.decision.criteria.first { $0.name == "contained" }?.threshold == 0.70)
        #expect(evaluation.workflowChoice == "from --workflow")
        let several = Self.summary(
            [(["2026-W01", "a"], Self.tally(10, helped: 1, unresolved: 1, reviewed: 1))], workflows: ["x": 1, "y": 1])
        #expect(try GateEvaluation(several, policy: Self.policy()).targets.workflow == .service)
    }

    @Test("a policy out of range is refused with the key path of each value")
    func problems() {
        var policy = GatePolicy()
        policy.confidence = 1
        policy.minReviewed = -3
        policy.contained = .value(1.5)
        policy.ceilings = [.p0: 1.3, .contained: 0.5]
        policy.windowWeeks = 0
        #expect(
            policy.problems().map(\.description) == [
                "confidence: 1 is not strictly between 0 and 1; expected e.g. 0.95",
                "min_reviewed: -3 is negative; expected a whole number of at least 0",
                "contained.floor: 1.5 is not a probability; expected a number from 0 to 1",
                "issues.contained: contained is not an issue rate; expected P0, P1, P2 or any",
                "issues.P0.ceiling: 1.3 is not a probability; expected a number from 0 to 1",
                "window_weeks: 0 is not a number of weeks; expected 1 to 1040",
            ])
        #expect(throws: ModelErrors.self) { try GateEvaluation(Self.log, policy: policy) }
        #expect(Self.policy().problems().isEmpty && Self.policy().judgesSomething && !GatePolicy().judgesSomething)
    }
}
