import ArgumentParser
import Foundation
import SextantIngest
import SextantModel
import SextantReport
import Synchronization

extension LogFormat: ExpressibleByArgument {}
extension SegmentDimension: ExpressibleByArgument {}

/// The logs a command reads and how to read them, shared by the commands that take logs.
struct LogOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp("Session logs (.csv, .jsonl, .ndjson, optionally .gz), or - for standard input.", valueName: "LOG"))
    var logs: [String]

    @Option(
        name: .customLong("input-format"),
        help: "Read the logs as csv, jsonl or counts (pre-aggregated) instead of choosing by extension.")
    var inputFormat: LogFormat?

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "Rename columns: OURS=THEIRS pairs, e.g. tags=labels,started_at=created_at (repeatable).", valueName: "PAIRS"))
    var map: [String] = []

    @Option(name: .customLong("map-file"), help: ArgumentHelp("A file of OURS=THEIRS lines (# comments).", valueName: "FILE"))
    var mapFile: String?

    @Flag(name: .customLong("skip-invalid"), help: "Count and report malformed rows instead of stopping at the first.")
    var skipInvalid = false

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func validate() throws {
        guard !logs.isEmpty else { throw ValidationError("give at least one log file, or - for standard input") }
        guard logs.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("standard input (-) can be read only once") }
    }

    /// Reads every log in one streaming pass each and sums them, splitting by `dimensions`.
    ///
    /// Each log is opened here (a path, or `-` for standard input; gzip by its magic bytes) and its
    /// format chosen (`--input-format`, else the extension); the library reads the source. Its
    /// errors come back with the option that would get past them named.
    func scan(by dimensions: [SegmentDimension]) throws -> LogSummary {
        do {
            var mapping = ColumnMapping()
            for pairs in map { try mapping.add(pairs, origin: "--map", numberedLines: false) }
            if let mapFile {
                guard let text = try? String(contentsOfFile: mapFile, encoding: .utf8) else {
                    throw CLIError(message: "\(mapFile): cannot read the mapping file; check the path")
                }
                try mapping.add(text, origin: mapFile)
            }
            let scanner = try LogScanner(dimensions: dimensions, mapping: mapping, format: inputFormat, skipInvalid: skipInvalid)
            let progress = Progress(enabled: !quiet)
            scanner.progress = {
                progress.report("read \(Format.count($0.rows)) rows (\($0.bytes / 1_000_000) MB of \(Terminal.escaped($0.file)))")
            }
            defer { progress.clear() }
            for log in logs {
                let format = try LogFormat.choose(inputFormat, for: log)
                try scanner.read(LogSource.open(log), format: format)
            }
            return try scanner.finish()
        } catch let error as IngestError {
            throw Self.withOption(error)
        }
    }

    /// The error with the option that gets past it, as this command line spells it.
    static func withOption(_ error: IngestError) -> IngestError {
        var error = error
        switch error.hint {
        case .stateFormat?:
            error.message += "; or pass --input-format csv, jsonl or counts"
        case .mapColumn(let column)?:
            error.message += " (rename with --map \(column.rawValue)=COLUMN)"
        case .skipInvalid?:
            error.message += " (--skip-invalid keeps the first and counts the others)"
        case .segmentDimensions?:
            if error.file.isEmpty { error.file = "--by" }
        case .segmentColumn?:
            break  // the command that chose the dimension says how to do without it
        case nil:
            break
        }
        return error
    }
}

/// A one-line progress report on standard error, shown only when it is a terminal; safe to call
/// from worker threads.
final class Progress: Sendable {
    private let enabled: Bool
    private let state = Mutex<(last: ContinuousClock.Instant, shown: Bool)>((ContinuousClock.now, false))

    init(enabled: Bool) { self.enabled = enabled && isatty(STDERR_FILENO) == 1 }

    func report(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        let show = state.withLock { state -> Bool in
            guard ContinuousClock.now - state.last > .milliseconds(200) else { return false }
            state = (ContinuousClock.now, true)
            return true
        }
        if show { Terminal.standardError("\r\u{1B}[K" + text()) }
    }

    func clear() {
        if state.withLock({ $0.shown }) { Terminal.standardError("\r\u{1B}[K") }
        state.withLock { $0.shown = false }
    }
}
