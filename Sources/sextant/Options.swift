import ArgumentParser
import Foundation
import SextantReport
import SextantStats

extension IntervalMethod: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}

/// `--format` and `-o/--output`, shared by every command that prints a result.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .table

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp("Write to FILE (atomically) instead of standard output.", valueName: "FILE"))
    var output: String?

    /// Renders `value` and writes it to the output file or standard output.
    func emit(_ value: some Renderable) throws {
        try write(value.rendered(as: format))
    }

    /// Writes text to the output file (atomically: a temporary file renamed into place, so a
    /// failure never leaves a half-written file) or to standard output.
    func write(_ text: String) throws {
        guard let output, output != "-" else {
            Terminal.standardOutput(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError(
                message:
                    "\(output): cannot write the output file (\(error.localizedDescription)); check that its folder exists and is writable"
            )
        }
    }
}

/// `--method` and `--confidence`, shared by every command that computes intervals.
struct IntervalOptions: ParsableArguments {
    @Option(help: "Interval method: \(IntervalMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: IntervalMethod = .wilson

    @Option(help: "Confidence level, strictly between 0 and 1.")
    var confidence: Double = 0.95

    func validate() throws {
        guard confidence > 0, confidence < 1 else {
            throw ValidationError("--confidence \(confidence) is not strictly between 0 and 1; use e.g. 0.95")
        }
    }
}
