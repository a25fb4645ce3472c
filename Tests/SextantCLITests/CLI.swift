import Foundation

/// Runs the built `sextant` binary, as a user would.
struct CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The folder SwiftPM builds products into (where the test runner itself lives).
    static let products: URL = {
        var url = Bundle.main.bundleURL
        if url.pathExtension == "xctest" { url.deleteLastPathComponent() }
        return url
    }()

    static var binary: URL { products.appendingPathComponent("sextant") }

    /// Runs `sextant ARGS…` with optional standard input, in `directory` if given, with `environment`
    /// added to the test's own.
    @discardableResult
    static func run(
        _ arguments: [String], stdin: String? = nil, stdinData: Data? = nil, in directory: URL? = nil,
        environment: [String: String] = [:]
    ) throws -> Result {
        try run(executable: binary, arguments, stdin: stdin, stdinData: stdinData, in: directory, environment: environment)
    }

    /// Runs a `/bin/sh -c` script, with `$SEXTANT` naming the binary: for what only a shell sets up
    /// (a closed standard output, /dev/full, a pipe whose reader has gone).
    static func shell(_ script: String, in directory: URL? = nil) throws -> Result {
        try run(
            executable: URL(fileURLWithPath: "/bin/sh"), ["-c", script], in: directory, environment: ["SEXTANT": binary.path])
    }

    private static func run(
        executable: URL, _ arguments: [String], stdin: String? = nil, stdinData: Data? = nil, in directory: URL?,
        environment: [String: String]
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Feed standard input and drain both outputs concurrently, so that no pipe fills and blocks.
        let feed = stdinData ?? stdin.map { Data($0.utf8) }
        let group = DispatchGroup()
        let errBox = Box()
        DispatchQueue.global().async(group: group) {
            if let feed { input.fileHandleForWriting.write(feed) }
            try? input.fileHandleForWriting.close()
        }
        DispatchQueue.global().async(group: group) { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    private final class Box: @unchecked Sendable { var data = Data() }

    /// Parses JSON output into Foundation objects.
    static func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        guard let dictionary = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
        return dictionary
    }

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
