import Foundation
import SextantIngest
import SextantModel

/// Reading scenario files (and other YAML inputs) from disk.
enum ScenarioLoading {
    /// The scenario in `path`, or every problem in it.
    static func load(_ path: String) throws -> Scenario {
        try ScenarioFile.parse(readYAML(path, what: "scenario file"), file: path)
    }

    /// The text of a YAML input — a file, or standard input for `-` — read up to
    /// ``YAMLLimits/maximumBytes`` (a larger file, or an endless one such as `/dev/zero`, is
    /// refused rather than read into memory).
    ///
    /// - Parameters:
    ///   - path: The file, or `-` for standard input.
    ///   - what: What the file is, for messages ("scenario file").
    static func readYAML(_ path: String, what: String) throws -> String {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            var info = stat()
            guard stat(path, &info) == 0 else { throw cannotRead(path, what, errno) }
            guard info.st_mode & S_IFMT != S_IFDIR else {
                throw CLIError(message: "\(path): is a folder; expected a \(what) (YAML)")
            }
            guard let file = FileHandle(forReadingAtPath: path) else { throw cannotRead(path, what, errno) }
            handle = file
        }
        defer { if path != "-" { try? handle.close() } }
        let limit = YAMLLimits.maximumBytes
        let data: Data
        do {
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw CLIError(message: "\(path): cannot read the \(what): \(error.localizedDescription)")
        }
        guard data.count <= limit else {
            throw CLIError(message: "\(path): is over 4 MiB; expected a YAML file of at most 4 MiB (\(limit) bytes)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError(message: "\(path): is not UTF-8 text; expected a YAML \(what)")
        }
        return text
    }

    private static func cannotRead(_ path: String, _ what: String, _ code: Int32) -> CLIError {
        CLIError(
            message: code == ENOENT
                ? "\(path): cannot read the \(what); check the path"
                : "\(path): cannot read the \(what) (\(Terminal.describe(errno: code))); check the path")
    }
}
