import Foundation
import SextantModel
import Testing
import Yams

@testable import SextantIngest

@Suite("Gate policy files: repeated looks")
struct GatePolicyLooksTests {
    @Test("looks is read and each look judged at 1 − (1 − C)/K")
    func looks() throws {
        let policy = try GatePolicyFile.parse("version: 1\nconfidence: 0.9\ncontained: {floor: 0.8}\nlooks: 10\n", file: "p.yaml")
        #expect(policy.looks == 10 && abs(policy.lookConfidence - 0.99) < 1e-15)
        #expect(GatePolicyFile.keys.contains("looks"))
        #expect(try GatePolicyFile.parse("version: 1\ncontained: {floor: 0.8}\n", file: "p.yaml").lookConfidence == 0.95)
    }

    @Test(
        "a bad looks is refused at its key path, by the reader and the shipped JSON Schema",
        arguments: ["0", "-2", "2.5", "many"])
    func badLooks(_ value: String) throws {
        let yaml = "version: 1\nlooks: \(value)\n"
        #expect(throws: IngestErrors.self) { try GatePolicyFile.parse(yaml, file: "p.yaml") }
        do {
            _ = try GatePolicyFile.parse(yaml, file: "p.yaml")
        } catch {
            #expect(error.errors.first?.description.contains("p.yaml:2:8: looks:") == true, "\(error.errors)")
        }
        let schema = try JSONSchema(contentsOf: ScenarioFileTests.scenarios.appendingPathComponent("gate-policy.schema.json"))
        #expect(!schema.validate(try #require(try Yams.load(yaml: yaml))).isEmpty)
        #expect(schema.validate(try #require(try Yams.load(yaml: "version: 1\nlooks: 12\n"))) == [])
    }
}
