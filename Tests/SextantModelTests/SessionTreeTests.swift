import Foundation
import Testing

@testable import SextantModel

@Suite("Session tree")
struct SessionTreeTests {
    /// An independent enumeration of the session tree (SessionModel article): every Bernoulli outcome of the seven steps and
    /// every severity of every issue, walked literally, with no compilation or inclusion–exclusion.
    static func enumerate(_ p: IntentPoint) -> (categories: [Double], reasons: [HandoffReason: Double]) {
        var categories = [Double](repeating: 0, count: 24)
        var reasons: [HandoffReason: Double] = [:]
        let split = [p.severity.p0, p.severity.p1, p.severity.p2]
        func finish(_ probability: Double, _ tag: Int, _ reason: HandoffReason?, _ issues: Int) {
            if let reason { reasons[reason, default: 0] += probability }
            // Every assignment of a severity to each of the issues.
            func assign(_ remaining: Int, _ probability: Double, _ set: Int) {
                if remaining == 0 {
                    categories[tag * 8 + set] += probability
                    return
                }
                for severity in 0..<3 where split[severity] > 0 {
                    assign(remaining - 1, probability * split[severity], set | (1 << severity))
                }
            }
            assign(issues, probability, 0)
        }
        func bernoulli(_ q: Double, _ then: (Bool, Double) -> Void) {
            then(true, q)
            then(false, 1 - q)
        }
        let (h, a, c, g, n, k, e, f, r, b) = (
            p[.humanRequest], p[.knowledgeCoverage], p[.instructionCoverage], p[.gapEscalation], p[.actionNeed],
            p[.actionCoverage],
            p[.actionSuccess], p[.prematureHandoff], p[.conflictingAssets], p[.residualError]
        )
        /// Steps 6 and 7 for a session that ended (with its tag and reason) after `answered`.
        func issuesAtEnd(_ probability: Double, _ tag: Int, _ reason: HandoffReason?, _ issues: Int, answered: Bool) {
            let step6: [(Int, Double)] = answered ? [(1, r), (0, 1 - r)] : [(0, 1)]
            for (conflict, pr) in step6 {
                bernoulli(b) { other, pb in finish(probability * pr * pb, tag, reason, issues + conflict + (other ? 1 : 0)) }
            }
        }
        bernoulli(h) { asked, ph in
            if asked { return issuesAtEnd(ph, 2, .userRequest, 0, answered: false) }
            bernoulli(a) { covered, pa in
                var issues = 0
                var q = ph * pa
                if !covered {
                    var escalated = false
                    bernoulli(g) { escalates, pg in
                        if escalates {
                            issuesAtEnd(q * pg, 2, .missingKnowledge, 0, answered: false)
                            escalated = true
                        }
                    }
                    if escalated {
                        q *= 1 - g
                        issues = 1
                    } else {
                        return
                    }
                }
                let afterKnowledge = q
                let knowledgeIssues = issues
                bernoulli(c) { instructed, pc in
                    var q = afterKnowledge * pc
                    var issues = knowledgeIssues
                    if !instructed {
                        issuesAtEnd(q * g, 2, .unknownScenario, issues, answered: false)
                        q *= 1 - g
                        issues += 1
                    }
                    bernoulli(n) { needs, pn in
                        if needs {
                            issuesAtEnd(q * pn * (1 - k), 1, .actionUnavailable, issues, answered: true)
                            issuesAtEnd(q * pn * k * (1 - e), 1, .actionFailed, issues, answered: true)
                            let fine = q * pn * k * e
                            issuesAtEnd(fine * f, 1, .prematureHandoff, issues, answered: true)
                            issuesAtEnd(fine * (1 - f), 0, nil, issues, answered: true)
                        } else {
                            issuesAtEnd(q * pn * f, 1, .prematureHandoff, issues, answered: true)
                            issuesAtEnd(q * pn * (1 - f), 0, nil, issues, answered: true)
                        }
                    }
                }
            }
        }
        return (categories, reasons)
    }

    static let points: [IntentPoint] = {
        var points: [IntentPoint] = []
        var state: UInt64 = 99
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<20 {
            let s0 = next() * 0.3
            let s1 = next() * (1 - s0)
            points.append(
                IntentPoint(values: (0..<10).map { _ in next() }, severity: SeveritySplit(p0: s0, p1: s1, p2: 1 - s0 - s1)))
        }
        points.append(IntentPoint(values: [0, 1, 1, 1, 0, 1, 1, 0, 0, 0], severity: .minor))
        points.append(IntentPoint(values: [1, 0, 0, 1, 1, 0, 0, 1, 1, 1], severity: SeveritySplit(p0: 1, p1: 0, p2: 0)))
        return points
    }()

    @Test("the compiled leaves equal an independent enumeration of the tree", arguments: points)
    func leavesMatchEnumeration(point: IntentPoint) {
        let compiled = LeafDistribution(point)
        let (categories, reasons) = Self.enumerate(point)
        for i in 0..<24 { #expect(abs(compiled.categories[i] - categories[i]) < 1e-14, "category \(i)") }
        for reason in HandoffReason.allCases {
            #expect(abs(compiled.probability(reason) - (reasons[reason] ?? 0)) < 1e-14, "\(reason)")
        }
        #expect(abs(compiled.categories.reduce(0, +) - 1) < 1e-12)
        // Reasons partition the handoff sessions.
        let rates = compiled.rates
        #expect(abs(compiled.reasons.reduce(0, +) - (1 - rates.resolution)) < 1e-12)
        #expect(rates.resolution <= rates.contained)
    }

    @Test("closed forms: with every lever neutral, rates follow from h and b alone")
    func neutral() {
        var point = IntentPoint(values: Parameter.allCases.map(\.neutral), severity: SeveritySplit(p0: 0.2, p1: 0.3, p2: 0.5))
        point[.humanRequest] = 0.1
        point[.residualError] = 0.05
        let rates = LeafDistribution(point).rates
        #expect(abs(rates.contained - 0.9) < 1e-15 && abs(rates.resolution - 0.9) < 1e-15)
        #expect(abs(rates.anyIssue - 0.05) < 1e-15 && abs(rates.issues[.p0]! - 0.01) < 1e-15)
    }
}

extension IntentPoint: CustomTestStringConvertible {
    /// The parameter values, two decimals each, for test names.
    public var testDescription: String { values.map { String(format: "%.2f", $0) }.joined(separator: " ") }
}

@Suite("Enumeration indices")
struct IndexTests {
    @Test("the fast index of each parameter and reason is its position in allCases")
    func indices() {
        for (position, parameter) in Parameter.allCases.enumerated() { #expect(Parameter.index(parameter) == position) }
        for (position, reason) in HandoffReason.allCases.enumerated() { #expect(reason.index == position) }
        #expect(HandoffReason.allCases.filter { $0.tag == .help }.map(\.index) == [0, 1, 2])
    }
}
