import Foundation
import SextantIngest
import SextantModel

/// Reading scenario files (and other YAML inputs) from disk.
enum ScenarioLoading {
    /// The scenario in `path`, or every problem in it.
    static func load(_ path: String) throws -> Scenario {
        try ScenarioFile.parse(readYAML(path, what: "scenario file"), file: path)
    }

    /// The text of a YAML input, read up to ``YAMLLimits/maximumBytes`` (a larger file, or an
    /// endless one such as `/dev/zero`, is refused rather than read into memory).
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - what: What the file is, for messages ("scenario file").
    static func readYAML(_ path: String, what: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else {
            throw CLIError(message: "\(path): cannot read the \(what); check the path")
        }
        defer { try? handle.close() }
        let limit = YAMLLimits.maximumBytes
        guard let data = try? handle.read(upToCount: limit + 1) ?? Data() else {
            throw CLIError(message: "\(path): cannot read the \(what); check the path")
        }
        guard data.count <= limit else {
            throw CLIError(message: "\(path): is over 4 MiB; expected a YAML file of at most 4 MiB (\(limit) bytes)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError(message: "\(path): is not UTF-8 text; expected a YAML \(what)")
        }
        return text
    }
}
