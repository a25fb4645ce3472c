import Foundation
import SextantModel
import Testing
import Yams

@testable import SextantIngest

@Suite("Calibrated scenario files")
struct ScenarioFileProvenanceTests {
    /// The sample log's summary by intent and week.
    static func sample() throws -> LogSummary {
        let scanner = try LogScanner(dimensions: [.intent, .week])
        try scanner.read(ScenarioFileTests.repository.appendingPathComponent("samples/sessions.csv").path)
        return try scanner.finish()
    }

    @Test(
        "the written file reads back to the fitted scenario, validates against the schema, and says where each number came from")
    func roundTrip() throws {
        var options = CalibrationOptions()
        options.draws = 200
        let calibration = try Calibration.fit(Self.sample(), options: options)
        let file = ScenarioFile(calibration, inputs: ["samples/sessions.csv"])
        let text = file.yaml()
        let scenario = try ScenarioFile.parse(text, file: "fitted.yaml")
        #expect(scenario == calibration.scenario)
        let instance = try #require(try Yams.load(yaml: text))
        #expect(try ScenarioFileTests.schema().validate(instance) == [])
        let read = try ScenarioFile(yaml: text, file: "fitted.yaml")
        for index in calibration.intents.indices {
            for parameter in Parameter.allCases {
                let comment = read.comments[FieldPath.root.key("intents").index(index).key(parameter.rawValue)]?.trailing
                #expect(comment?.isEmpty == false, "intents[\(index)].\(parameter.rawValue)")
            }
        }
        #expect(text.contains("# human_request") == false)
        #expect(text.contains("human_request: {beta: [118.5, 244.5]}  # h = user_request 118 of 362 AI sessions"))
        #expect(text.contains("gap_escalation: 1  # not identified (a gap ends as help either way): the calibration default 1"))
        #expect(text.contains("113 handoff sessions had no reason code"))
        #expect(text.contains("weeks: 6  # the ISO weeks 2026-W10 to 2026-W15"))
    }

    @Test("a file without provenance is written exactly as before")
    func unchanged() throws {
        let text = try String(
            contentsOf: ScenarioFileTests.scenarios.appendingPathComponent("service-ecommerce.yaml"), encoding: .utf8)
        let scenario = try ScenarioFile.parse(text, file: "s.yaml")
        let plain = ScenarioFile(scenario).yaml()
        #expect(!plain.contains("#"))
        #expect(try ScenarioFile.parse(plain, file: "s.yaml") == scenario)
    }
}

@Suite("Calibrating article")
struct CalibratingArticleTests {
    @Test("the article's Swift example runs: log → scenario → plan, and the check")
    func example() throws {
        let root = ScenarioFileTests.repository
        let scanner = try LogScanner(dimensions: [.intent, .week])
        try scanner.read(root.appendingPathComponent("samples/sessions.csv").path)
        let summary = try scanner.finish()

        var options = CalibrationOptions()
        options.name = "pilot"
        let mapping = try ReasonMapping.parse(
            String(contentsOfFile: root.appendingPathComponent("samples/reason-mapping.yaml").path, encoding: .utf8),
            file: "mapping")
        options.reasonCode = { mapping.code(for: $0) }
        let calibration = try Calibration.fit(summary, options: options)
        #expect(calibration.intents[0].parameters[.humanRequest]?.note.hasPrefix("h = user_request") == true)
        let yaml = ScenarioFile(calibration, inputs: ["samples/sessions.csv"]).yaml()
        #expect(try ScenarioFile.parse(yaml, file: "pilot.yaml") == calibration.scenario)

        var policy = GatePolicy()
        policy.contained = .value(0.8)
        var simulation = SimulationOptions()
        simulation.replications = 100
        let plan = try GatePlan.simulate(calibration.scenario, policy: policy, options: simulation)
        #expect(plan.replications == 100)
        let check = PredictiveCheck.run(calibration, replications: 200)
        #expect(Set(check.homogeneity.filter(\.changed).map(\.intent)).isSuperset(of: ["returns"]))
        #expect(calibration.unexplained == 0)
    }
}
