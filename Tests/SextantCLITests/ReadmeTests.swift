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

    /// The subcommands `sextant --help` lists.
    static func subcommands() throws -> [String] {
        let help = try CLI.run(["--help"]).stdout
        guard let start = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        let block = help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }
        return block.compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }
    }

    @Test("the README has an example for every command sextant --help lists, simulate and validate included")
    func coverage() throws {
        let listed = try Self.subcommands()
        #expect(Set(listed).isSuperset(of: ["report", "gate", "simulate", "validate", "interval", "sample-size", "targets"]))
        let commands = Set(Self.examples.compactMap(\.arguments.first))
        for command in listed {
            #expect(commands.contains(command), "no README example for sextant \(command)")
        }
        // validate is shown both passing and failing.
        #expect(Self.examples.filter { $0.arguments.first == "validate" }.count >= 2)
    }

    @Test("README examples are the tool's real output", arguments: examples)
    func example(_ example: Example) throws {
        let result = try CLI.run(example.arguments, in: ReportTests.repository)
        // A failing example shows its messages (standard error), as scripts/update-readme.py records it;
        // `gate` exits 1 with its report when the log is not ready.
        let succeeded: [Int32] = example.arguments.first == "gate" ? [0, 1] : [0]
        #expect((succeeded + [2]).contains(result.status), "\(result.stderr)")
        #expect(succeeded.contains(result.status) || result.stderr.hasPrefix("sextant: error: "))
        // CSV lines end with CRLF; the README shows them with LF.
        let shown = (succeeded.contains(result.status) ? result.stdout : result.stderr).replacingOccurrences(
            of: "\r\n", with: "\n")
        #expect(shown.trimmingCharacters(in: .newlines) == example.output.trimmingCharacters(in: .newlines))
    }

    @Test("each README simulate example replays byte for byte, with its seed given explicitly too")
    func simulateReplays() throws {
        let simulations = Self.examples.filter { $0.arguments.first == "simulate" }
        #expect(!simulations.isEmpty)
        for example in simulations {
            let json = try CLI.json(CLI.run(example.arguments + ["--format", "json"], in: ReportTests.repository).stdout)
            let seed = try #require(json["seed"] as? Int)
            let reseeded = try CLI.run(example.arguments + ["--seed", String(seed)], in: ReportTests.repository)
            #expect(reseeded.stdout.trimmingCharacters(in: .newlines) == example.output.trimmingCharacters(in: .newlines))
        }
    }
}
