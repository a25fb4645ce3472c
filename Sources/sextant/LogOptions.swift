import ArgumentParser
import Foundation
import SextantIngest
import SextantModel
import SextantReport

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

    /// The most segments a command splits logs into: 10,000, which a report renders in about
    /// 100 MB (each segment is a row of every table and of the JSON). More is an error naming the
    /// segment that goes past it.
    static let segmentLimit = 10_000

    func validate() throws {
        guard !logs.isEmpty else { throw ValidationError("give at least one log file, or - for standard input") }
        guard logs.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("standard input (-) can be read only once") }
        if mapFile == "-", logs.contains("-") {
            throw ValidationError("standard input (-) can be read only once: give the mapping file or a log as -, not both")
        }
    }

    /// Refuses a log given twice — the same path, or two paths to the same file (device and inode)
    /// — which would otherwise read as every session repeated.
    static func checkDistinct(_ logs: [String]) throws {
        var seen: [(path: String, device: UInt64, inode: UInt64)] = []
        for log in logs where log != "-" {
            var status = stat()
            let identity = stat(log, &status) == 0 ? (UInt64(status.st_dev), UInt64(status.st_ino)) : nil
            let earlier = seen.first { seen in
                seen.path == log || identity.map { $0 == (seen.device, seen.inode) } ?? false
            }
            if let earlier {
                let both = earlier.path == log ? "" : " (as \(earlier.path) and \(log))"
                throw CLIError(message: "\(log) is given twice\(both); expected each log once")
            }
            if let identity { seen.append((log, identity.0, identity.1)) } else { seen.append((log, UInt64.max, UInt64.max)) }
        }
    }

    /// Reads every log in one streaming pass each and sums them, splitting by `dimensions`.
    ///
    /// Each log is opened here (a path, or `-` for standard input; gzip by its magic bytes) and its
    /// format chosen (`--input-format`, else the extension); the library reads the source. Its
    /// errors come back with the option that would get past them named.
    ///
    /// - Parameters:
    ///   - dimensions: the segment dimensions.
    ///   - segmentLimit: the most segments the logs may split into (see `LogScanner.segmentLimit`);
    ///     by default ``segmentLimit``.
    func scan(by dimensions: [SegmentDimension], segmentLimit: Int = Self.segmentLimit) throws -> LogSummary {
        try Self.checkDistinct(logs)
        do throws(IngestError) {
            var mapping = ColumnMapping()
            for pairs in map { try mapping.add(pairs, origin: "--map", numberedLines: false) }
            if let mapFile { try mapping.add(contentsOf: mapFile) }
            let scanner = try LogScanner(
                dimensions: dimensions, mapping: mapping, format: inputFormat, skipInvalid: skipInvalid,
                segmentLimit: segmentLimit)
            let progress = Progress(enabled: !quiet)
            defer { progress.clear() }
            for log in logs {
                let format = try LogFormat.choose(inputFormat, for: log)
                let total = Progress.fileSize(log)
                scanner.progress = { scan in
                    progress.report(Progress.reading(file: scan.file, rows: scan.rows, bytes: scan.bytes, of: total))
                }
                try scanner.read(LogSource.open(log), format: format)
            }
            return try scanner.finish()
        } catch {
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
