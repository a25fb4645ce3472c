import Foundation
import Testing

@Suite("simulate --intent-weeks")
struct IntentWeeksCLITests {
    static let scenario = ScenarioCommandTests.scenarios.appendingPathComponent("service-ecommerce.yaml").path

    @Test("beyond the 256-replication pilot the output is byte-identical for 1 and 2 threads, in JSON and as a table")
    func threads() throws {
        for format in ["json", "table"] {
            let base = ["simulate", Self.scenario, "--replications", "400", "--intent-weeks", "--format", format]
            let one = try CLI.run(base + ["--threads", "1"])
            let two = try CLI.run(base + ["--threads", "2"])
            #expect(one.status == 0 && !one.stdout.isEmpty, "\(one.stderr)")
            #expect(one.stdout == two.stdout, "\(format)")
        }
    }

    @Test("the help states the percentiles' error bound")
    func help() throws {
        let help = try CLI.run(["simulate", "--help"]).stdout
        #expect(help.contains("within half a bin (about 0.004 standard"))
    }
}
