import Foundation
import SextantIngest
import SextantModel

/// Reading scenario files from disk.
enum ScenarioLoading {
    /// The scenario in `path`, or every problem in it.
    static func load(_ path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(message: "\(path): cannot read the scenario file; check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError(message: "\(path): is not UTF-8 text; expected a YAML scenario")
        }
        return try ScenarioFile.parse(text, file: path)
    }
}
