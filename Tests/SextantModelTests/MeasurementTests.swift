import SextantStats
import Testing

@testable import SextantModel

@Suite("Measurement")
struct MeasurementTests {
    /// A log of two workflows measured by week × workflow.
    static func summary() -> LogSummary {
        var summary = LogSummary()
        summary.inputs = ["a.csv"]
        summary.dimensions = [.week, .workflow]
        let sales = Tally(sessions: 400, humanHelp: 60, unresolved: 100, reviewed: 80, p0: 0, p1: 1, p2: 3, anyIssue: 4)
        let tech = Tally(sessions: 50, humanHelp: 20, unresolved: 30, reviewed: 10, p0: 1, p1: 0, p2: 0, anyIssue: 1)
        summary.segments = [
            SegmentKey(["2026-W10", "sales-lead-qualification"]): sales,
            SegmentKey(["2026-W10", "service-technology"]): tech,
        ]
        summary.overall.add(sales)
        summary.overall.add(tech)
        summary.workflows = ["sales-lead-qualification": 400, "service-technology": 50]
        summary.reasons = ["missing_knowledge": 50, "user_request": 40, "Shipping question": 30, "action_failed": 10]
        return summary
    }

    @Test("each segment is judged against its own workflow's row; the whole log, with two workflows, against service")
    func targets() throws {
        let measurement = try Measurement(Self.summary(), options: MeasurementOptions())
        #expect(measurement.targets.workflow == .service)
        #expect(measurement.segments.map(\.targets.workflow) == [.salesLeadQualification, .serviceTechnology])
        // 340 / 400 contained: Wilson [0.8116, 0.8833] clears the sales floor 0.80 → met; 30 / 50: [0.4617, 0.7239]
        // straddles the technology floor 0.70 → inconclusive.
        let sales = measurement.segments[0]
        let reference = Reference.wilson(340, 400)
        #expect(abs(sales.metrics.contained.interval!.lower - reference.lower) < 1e-12)
        #expect(reference.lower >= 0.80 && sales.gaps.contained.verdict == .met)
        let tech = measurement.segments[1]
        #expect(tech.small && !sales.small)
        let techContained = Reference.wilson(30, 50)
        #expect(techContained.lower < 0.70 && techContained.upper >= 0.70 && tech.gaps.contained.verdict == .inconclusive)
        // P0 has zero tolerance: the one P0 issue of the technology segment fails it, whatever the interval; 0 / 80
        // reviews leave the sales P0 rate's upper bound z²/(80 + z²) = 4.6 % over its 0.1 % ceiling: inconclusive.
        #expect(tech.gaps.verdict(.p0) == .above)
        #expect(sales.gaps.verdict(.p0) == .inconclusive)
        #expect(measurement.overall.gaps.verdict(.automation) == nil)
    }

    @Test("--workflow, given, judges every segment against that row")
    func chosenWorkflow() throws {
        var options = MeasurementOptions()
        options.workflow = .serviceEcommerce
        let measurement = try Measurement(Self.summary(), options: options)
        #expect(measurement.segments.allSatisfy { $0.targets.workflow == .serviceEcommerce })
    }

    @Test("reasons: the top ones by count, the rest grouped, shares of the handoff sessions, codes recognised")
    func reasons() throws {
        var options = MeasurementOptions()
        options.topReasons = 2
        let measurement = try Measurement(Self.summary(), options: options)
        #expect(measurement.reasons.map(\.reason) == ["missing_knowledge", "user_request", "(other reasons)"])
        #expect(measurement.reasons.map(\.count) == [50, 40, 40])
        #expect(abs(measurement.reasons[0].share - 50.0 / 130) < 1e-15)
        #expect(measurement.reasons[0].code == .missingKnowledge && measurement.reasons[2].code == nil)
        for share in measurement.reasons { #expect(share.interval.contains(share.share)) }
    }
}

@Suite("Gaps")
struct GapTests {
    /// The smallest total N ≥ n whose Wilson interval at the same observed rate excludes `floor`, by scanning.
    static func referenceTotal(rate: Double, from n: Int, floor: Double) -> Int {
        var total = n
        while true {
            let interval = Reference.wilson(rate * Double(total), Double(total))
            if interval.upper < floor || interval.lower >= floor { return total }
            total += 1
        }
    }

    @Test(
        "sessions to conclude: the further sessions after which the interval at the same rate settles the verdict",
        arguments: [(50, 100, 0.6), (72, 100, 0.70), (170, 200, 0.8), (9, 10, 0.8)])
    func sessionsToConclude(count: Int, total: Int, floor: Double) throws {
        let gap = try Gap(rate: try Rate(count: count, total: total), target: TargetRange(floor: floor, ceiling: 0.95))
        let rate = Double(count) / Double(total)
        let expected = Self.referenceTotal(rate: rate, from: total, floor: floor) - total
        #expect(gap.sessionsToConclude == expected)
        #expect(abs(gap.gapPoints! - (rate - floor) * 100) < 1e-12)
        #expect((gap.verdict == .inconclusive) == (expected > 0))
    }

    @Test("no data is inconclusive with nothing to say; a rate exactly on the floor can never be settled")
    func edges() throws {
        let empty = try Gap(rate: try Rate(count: 0, total: 0), target: TargetRange(floor: 0.7, ceiling: 0.9))
        #expect(empty.verdict == .inconclusive && empty.sessionsToConclude == nil && empty.gapPoints == nil)
        let onFloor = try Gap(rate: try Rate(count: 70, total: 100), target: TargetRange(floor: 0.7, ceiling: 0.9))
        #expect(onFloor.verdict == .inconclusive && onFloor.sessionsToConclude == nil)
    }
}

@Suite("Target overrides")
struct TargetOverridesTests {
    @Test("each value given replaces the built-in one; the rest stay; sources say what was overridden")
    func applied() {
        var overrides = TargetOverrides()
        overrides.containedFloor = 0.83
        overrides.issueCeilings = [.p1: 0.02]
        overrides.zeroTolerance = [.p0: false, .p1: true]
        overrides.anyIssueCeiling = 0.1
        overrides.source = "team.yaml"
        let base = Targets.recommended(for: .serviceEcommerce)
        let targets = overrides.applied(to: base)
        #expect(targets.contained == TargetRange(floor: 0.83, ceiling: 0.90))
        #expect(targets.resolution == base.resolution)
        #expect(targets.issues.ceilings == [.p0: 0.001, .p1: 0.02, .p2: 0.05])
        #expect(targets.issues.zeroTolerance == [.p1])
        #expect(targets.target(for: .any) == .ceiling(0.1, zeroTolerance: false))
        #expect(targets.source.hasSuffix("overridden by team.yaml"))
        #expect(targets.issues.source.hasPrefix("team.yaml, over "))
    }

    @Test("a workflow in the file picks the row the other overrides apply to; no overrides leave the targets as they are")
    func workflowRow() {
        var overrides = TargetOverrides()
        #expect(overrides.isEmpty && overrides.applied(to: .recommended(for: .service)) == .recommended(for: .service))
        overrides.workflow = .salesLeadQualification
        overrides.resolutionCeiling = 0.85
        let targets = overrides.applied(to: .recommended(for: .service))
        #expect(targets.workflow == .salesLeadQualification)
        #expect(targets.resolution == TargetRange(floor: 0.70, ceiling: 0.85))
    }
}
