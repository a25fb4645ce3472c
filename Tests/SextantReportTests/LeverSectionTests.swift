import SextantModel
import SextantReport
import Testing

/// The lever sections as reports of their own, for the golden files: a report (`plan`) places
/// their blocks in its document and their JSON under `levers` and `target_search`.
struct LeverSections: Renderable {
    let blocks: [Document.Block]
    let members: [(String, JSON)]

    func document() -> Document { Document(blocks) }
    func json() -> JSON { .object([("schema_version", .int(jsonSchemaVersion))] + members) }

    static func ranking(_ names: Fixtures.Names) -> LeverRanking {
        LeverRanking.compute(Fixtures.scenario(names: names), draws: 200, seed: 42, threads: 2)
    }

    static func search(target: Double) throws -> TargetSearchResult {
        try TargetSearch.run(
            Fixtures.scenario(names: .plain), metric: .contained, target: target, lever: .knowledgeCoverage,
            intent: Fixtures.Names.plain.intents[0], probability: 0.8, draws: 200, seed: 42)
    }

    static func report(_ name: String) throws -> LeverSections {
        switch name {
        case "levers", "levers-hostile":
            let ranking = ranking(name == "levers" ? .plain : .hostile)
            return LeverSections(
                blocks: ranking.blocks(), members: [("levers", ranking.json()), ("levers_settings", ranking.settingsJSON())])
        case "target-search", "target-search-unreachable":
            let result = try search(target: name == "target-search" ? 0.86 : 0.97)
            return LeverSections(blocks: result.blocks(), members: [("target_search", result.json())])
        default: fatalError("no lever section named \(name)")
        }
    }
}

@Suite("Lever sections")
struct LeverSectionTests {
    @Test("the target search's JSON has the documented keys, in order, and a null value when unreachable")
    func targetSearchKeys() throws {
        for target in [0.86, 0.97] {
            let result = try LeverSections.search(target: target)
            guard case .object(let members) = result.json() else {
                Issue.record("not an object")
                return
            }
            #expect(
                members.map(\.0).prefix(7) == ["metric", "target", "lever", "intent", "probability", "value", "reachable"])
            let value = members.first { $0.0 == "value" }!.1
            #expect((value == .null) == !result.reachable)
        }
        #expect(try LeverSections.search(target: 0.86).reachable && !(try LeverSections.search(target: 0.97).reachable))
    }

    @Test("the levers' JSON lists every row ranked, each with every metric's lift")
    func leverRows() throws {
        let ranking = LeverSections.ranking(.plain)
        guard case .array(let rows) = ranking.json() else {
            Issue.record("not an array")
            return
        }
        #expect(rows.count == ranking.rows.count)
        guard case .object(let first) = rows[0], case .object(let lifts) = first.first(where: { $0.0 == "lifts" })!.1 else {
            Issue.record("not an object")
            return
        }
        #expect(first.map(\.0) == ["rank", "intent", "intents", "lever", "direction", "label", "goal", "action", "lifts"])
        #expect(lifts.map(\.0) == Metric.allCases.map(\.rawValue))
    }

    @Test("a table ranks the best levers by its metric, with every trade-off beside it")
    func table() {
        let ranking = LeverSections.ranking(.plain)
        let table = ranking.table(by: .any, top: 4)
        #expect(table.rows.count == 4)
        #expect(table.columns.map(\.header).contains("contained") && table.columns.map(\.header).contains("automation"))
        #expect(!table.columns.map(\.header).contains("any issue"))
        #expect(table.columns[3].header == "any issue lift")
    }

    @Test("a bar chart shown as text gives signed points, not percentages")
    func barsAsText() {
        let chart = Chart(
            "lifts", kind: .bars, axis: "lever", interval: "5%–95%", decimals: 2,
            series: [.init("resolution", points: [.init("x", value: 0.0123, lower: -0.001, upper: 0.02)])])
        #expect(chart.table.rows[0][2].display == "+1.23 pp")
        #expect(chart.table.rows[0][3].display == "-0.10 to +2.00 pp")
        #expect(Cell.points(-1e-9, decimals: 2).display == "0.00 pp")
    }
}
