import ArgumentParser
import Foundation
import SextantReport
import SextantStats

extension IntervalMethod: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}

/// `--format` and `-o/--output`, shared by every command that prints a result.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .customLong("format"),
        help: ArgumentHelp(
            "Output format (default: the one the -o file's extension names, .md, .json, .csv, .html or .txt; else table).",
            valueName: "format"))
    var explicitFormat: OutputFormat?

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp(
            "Write to FILE instead of standard output, atomically (a symbolic link is written through; /dev/stdout and /dev/fd/N write that descriptor; a file with several hard links is written in place; an input is refused).",
            valueName: "FILE"))
    var output: String?

    /// The format: `--format`, else the one the `-o` file's extension names, else a table.
    var format: OutputFormat { explicitFormat ?? output.flatMap(Self.format(forFile:)) ?? .table }

    /// The format a file's extension names (`.html`/`.htm`, `.md`/`.markdown`, `.json`, `.csv`,
    /// `.txt`, any case); nil for another or none.
    static func format(forFile path: String) -> OutputFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "html", "htm": return .html
        case "md", "markdown": return .markdown
        case "json": return .json
        case "csv": return .csv
        case "txt": return .table
        default: return nil
        }
    }

    /// Renders `value` and writes it to the output file or standard output. An HTML page bound
    /// for a terminal is written all the same, with a hint on standard error to save it instead.
    func emit(_ value: some Renderable) throws {
        let format = format
        if format == .html, output == nil || output == "-", isatty(STDOUT_FILENO) == 1 {
            Terminal.standardError("sextant: note: this is an HTML page; save it with -o report.html and open it in a browser\n")
        }
        try write(value.rendered(as: format))
    }

    /// Writes text to standard output, or to the output file: atomically for a regular file (a
    /// temporary file renamed into place, so that a failure or an interruption never leaves a
    /// half-written file), directly for a pipe or a device; see ``OutputFile``.
    func write(_ text: String) throws(CLIError) {
        guard let output, output != "-" else {
            try Terminal.standardOutput(text)
            return
        }
        try OutputFile.write(text, to: output)
    }
}

/// `--method` and `--confidence`, shared by every command that computes intervals.
struct IntervalOptions: ParsableArguments {
    @Option(help: "Interval method: \(IntervalMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: IntervalMethod = .wilson

    @Option(parsing: .unconditional, help: "Confidence level, strictly between 0 and 1.")
    var confidence: Double = 0.95

    func validate() throws {
        guard confidence > 0, confidence < 1 else {
            throw ValidationError("--confidence \(confidence) is not strictly between 0 and 1; use e.g. 0.95")
        }
    }
}
