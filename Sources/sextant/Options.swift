import ArgumentParser
import Foundation
import SextantIngest
import SextantModel
import SextantReport
import SextantStats

extension IntervalMethod: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}

/// `--format` and `-o/--output`, shared by every command that prints a result.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .customLong("format"),
        help: ArgumentHelp(
            "Output format (default: the one the -o file's extension names, .md, .json, .csv, .html or .txt; "
                + "another is refused; else table).",
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
        fileExtension(path).flatMap(format(forExtension:))
    }

    /// The format an extension (lower case, without its dot) names; nil for another.
    static func format(forExtension name: String) -> OutputFormat? {
        switch name {
        case "html", "htm": .html
        case "md", "markdown": .markdown
        case "json": .json
        case "csv": .csv
        case "txt": .table
        default: nil
        }
    }

    /// The extension of a path's last component, in lower case and without its dot: `"json"` for
    /// `out/Report.JSON`; nil for a name without one (`-`, `/dev/stdout`, `report`, `report.`).
    static func fileExtension(_ path: String) -> String? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let name = path[path.index(after: dot)...].lowercased()
        return name.isEmpty ? nil : name
    }

    /// Refuses, before anything is read, an `-o` file whose extension names nothing the command
    /// writes — `review -o out.svg` would otherwise get a table in a file named for a picture. A
    /// name without an extension (`-`, `/dev/stdout`, `/dev/fd/3`, `report`) is taken as it is,
    /// and so is any name when `--format` says what to write.
    ///
    /// - Parameters:
    ///   - kind: what the command writes to `-o`.
    ///   - command: the command's name, for the message.
    /// - Throws: `CLIError` (exit status 2) naming the extension and the ones the command writes.
    func refuseUnknownExtension(writing kind: OutputKind, command: String) throws(CLIError) {
        guard explicitFormat == nil, let output, let name = Self.fileExtension(output), !kind.extensions.contains(name)
        else { return }
        var message = "-o \(output): \(command) writes no .\(name) file; -o is where \(kind.content) goes, as \(kind.formats)"
        if let format = Self.format(forExtension: name), let hint = kind.reportHint {
            message += ", not a \(format.rawValue) report: name it .\(kind.extensions[0]), \(hint(format))"
        } else {
            message += ": name the file with one of these extensions\(kind.formatHint.map { ", \($0)" } ?? "")"
        }
        throw CLIError(message: message)
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

extension OutputOptions {
    /// The options of a command whose `-o` is not chosen with `--format` (a scenario, a query):
    /// `path`, or standard output for nil.
    init(writingTo path: String?) {
        self.init()
        explicitFormat = nil
        output = path
    }
}

/// What a command writes to its `-o` file, and the extensions that name it: one rule for every
/// command (``OutputOptions/refuseUnknownExtension(writing:command:)``).
struct OutputKind: Sendable {
    /// The extensions the command writes (lower case, without the dot), the usual one first.
    let extensions: [String]
    /// What the file holds, for messages: "its report".
    let content: String
    /// The formats with their extensions, for messages.
    let formats: String
    /// How else to choose what is written, when the command can: "or choose the format with --format".
    var formatHint: String?
    /// Where a report goes instead, for a command whose `-o` is not its report, given the report
    /// format the file's name asked for.
    var reportHint: (@Sendable (OutputFormat) -> String)?

    /// A report, in the format `--format` names or else the file's extension.
    static let report = OutputKind(
        extensions: ["txt", "md", "markdown", "json", "csv", "html", "htm"], content: "its report",
        formats: "a table (.txt), Markdown (.md, .markdown), JSON (.json), CSV (.csv) or HTML (.html, .htm)",
        formatHint: "or choose the format with --format")

    /// A scenario file (`sextant calibrate`): YAML, whatever `--format` says of the report.
    static let scenario = OutputKind(
        extensions: ["yaml", "yml", "txt"], content: "the fitted scenario", formats: "YAML (.yaml, .yml, or .txt)",
        reportHint: { "and send the report to a file with --format \($0.rawValue) > report" })

    /// A query (`sextant sql`): SQL text.
    static let query = OutputKind(extensions: ["sql", "txt"], content: "the query", formats: "SQL text (.sql, .txt)")
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

/// `--workflow`, `--targets`, `--method` and `--confidence`: how `report` and `review` judge the
/// rates they measure.
struct JudgementOptions: ParsableArguments {
    @Option(help: "The workflow whose targets apply: \(Workflow.allCases.map(\.rawValue).joined(separator: ", ")).")
    var workflow: Workflow?

    @Option(help: ArgumentHelp("A YAML file overriding target values (contained, resolution, issues).", valueName: "FILE"))
    var targets: String?

    @OptionGroup var interval: IntervalOptions

    /// Sets `options` from these flags and the `--top` given, reading the targets file.
    ///
    /// - Parameters:
    ///   - options: a command's model options (``MeasurementOptions``, ``WeeklyReviewOptions``).
    ///   - topReasons: how many handoff reasons to list (`--top`).
    /// - Throws: the targets file's errors.
    func apply(to options: inout some JudgedOptions, topReasons: Int) throws {
        options.method = interval.method
        options.confidence = interval.confidence
        options.workflow = workflow
        options.topReasons = topReasons
        if let targets {
            options.overrides = try TargetsFile.parse(ScenarioLoading.readYAML(targets, what: "targets file"), file: targets)
        }
    }
}

/// Model options that judge rates against targets: what ``JudgementOptions`` sets.
protocol JudgedOptions {
    /// The interval method of every rate.
    var method: IntervalMethod { get set }
    /// The confidence level of every interval.
    var confidence: Double { get set }
    /// The workflow whose targets apply; nil chooses from the log.
    var workflow: Workflow? { get set }
    /// Overrides from a targets file.
    var overrides: TargetOverrides { get set }
    /// How many handoff reasons to list.
    var topReasons: Int { get set }
}

extension MeasurementOptions: JudgedOptions {}
extension WeeklyReviewOptions: JudgedOptions {}
