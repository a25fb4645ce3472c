import Foundation
import Testing

/// The README's examples are real: each ```console block that starts with `$ sextant ARGS` shows
/// exactly what the tool prints (refresh them with scripts/update-readme.py).
@Suite("README")
struct ReadmeTests {
    struct Example: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let output: String
        var testDescription: String { "sextant " + arguments.joined(separator: " ") }
    }

    static let examples: [Example] = {
        guard let text = try? String(contentsOf: ReportTests.repository.appendingPathComponent("README.md"), encoding: .utf8)
        else {
            return []
        }
        var examples: [Example] = []
        let blocks = text.components(separatedBy: "```console\n").dropFirst()
        for block in blocks {
            guard let end = block.range(of: "\n```") else { continue }
            let body = String(block[..<end.lowerBound])
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
            guard let first = lines.first, first.hasPrefix("$ sextant ") else { continue }
            let arguments = first.dropFirst("$ sextant ".count).split(separator: " ").map(String.init)
            examples.append(Example(arguments: arguments, output: lines.dropFirst().joined(separator: "\n")))
        }
        return examples
    }()

    @Test("the README has examples for every command")
    func coverage() {
        let commands = Set(Self.examples.compactMap(\.arguments.first))
        for command in ["report", "interval", "sample-size", "targets"] {
            #expect(commands.contains(command), "no README example for sextant \(command)")
        }
    }

    @Test("README examples are the tool's real output", arguments: examples)
    func example(_ example: Example) throws {
        let result = try CLI.run(example.arguments, in: ReportTests.repository)
        // CSV lines end with CRLF; the README shows them with LF.
        let shown = (result.status == 0 ? result.stdout : result.stderr).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(shown.trimmingCharacters(in: .newlines) == example.output.trimmingCharacters(in: .newlines))
    }
}
