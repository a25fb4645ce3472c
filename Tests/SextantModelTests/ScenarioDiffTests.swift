import Testing

@testable import SextantModel

@Suite("Scenario diff")
struct ScenarioDiffTests {
    @Test("a scenario against itself has no change and no effect")
    func identical() {
        let scenario = SimulationTests.fixedScenario()
        let diff = ScenarioDiff(scenario, scenario)
        #expect(diff.changes.isEmpty)
        for metric in Metric.allCases {
            let (old, new) = diff.expected(metric)
            #expect(old == new)
            #expect(diff.intentEffects(metric).isEmpty)
        }
    }

    @Test("each edit is listed at its key path, and the effect is the difference of the exact expectations")
    func edits() throws {
        let old = SimulationTests.fixedScenario()
        var new = old
        new.reviewRate = 0.1
        new.intents[1].parameters[.actionCoverage] = .fixed(0.9)
        new.intents[0].parameters[.knowledgeCoverage] = .beta(18, 2)
        new.intents.append(IntentSpec(name: "d", share: 0.1))
        new.stages = [Stage(fromWeek: 1, aiShare: 0.5), Stage(fromWeek: 2, aiShare: 1)]
        let diff = ScenarioDiff(old, new)
        let changes = Dictionary(uniqueKeysWithValues: diff.changes.filter { $0.path != "stages" }.map { ($0.path, $0) })
        #expect(changes["review_rate"]?.old == "0.2" && changes["review_rate"]?.new == "0.1")
        #expect(changes["intents[b].action_coverage"]?.old == "0.8" && changes["intents[b].action_coverage"]?.new == "0.9")
        #expect(changes["intents[a].knowledge_coverage"]?.new == "beta(18, 2)")
        #expect(changes["intents[d]"]?.old == nil && changes["intents[d]"]?.new == "share 0.1")
        let stages = diff.changes.filter { $0.path == "stages" }
        #expect(stages.map(\.old) == ["from week 3: AI share 1", nil])
        #expect(stages.map(\.new) == [nil, "from week 2: AI share 1"])
        for metric in Metric.allCases {
            let (before, after) = diff.expected(metric)
            let a = metric == .automation ? Expectation(old).automation : Expectation(old).overall?[metric]
            let b = metric == .automation ? Expectation(new).automation : Expectation(new).overall?[metric]
            #expect(before == a && after == b)
        }
        // Intent b's better action coverage raises its resolution; its containment does not move.
        let resolution = try #require(diff.intentEffects(.resolution).first { $0.intent == "b" })
        #expect(resolution.new! > resolution.old!)
        #expect(!diff.intentEffects(.contained).contains { $0.intent == "b" })
    }
}
