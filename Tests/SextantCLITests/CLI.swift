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

    /// Runs `sextant ARGS…` with optional standard input, in `directory` if given.
    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, stdinData: Data? = nil, in directory: URL? = nil) throws
        -> Result
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
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
