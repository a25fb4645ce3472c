import SextantModel

/// A problem with an input: where it is (file, line, column or key) and what was found and expected.
///
/// The description is `file:line:column: message`, the form compilers use, so editors and terminals
/// link it to the place. Messages describe the input, not the program that reads it: a front end
/// that can fix the problem with one of its own options says so through ``hint``.
public struct IngestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file, as the user named it (`-` for standard input); empty when the problem is with the
    /// request rather than with a file (see ``hint``).
    public var file: String
    /// The 1-based line, if the problem is on a line.
    public var line: Int?
    /// The 1-based column (in characters), if known.
    public var column: Int?
    /// The key path inside the file (`intents[2].knowledge_coverage`), for files with keys.
    public var keyPath: String?
    /// What was found and what was expected.
    public var message: String
    /// Whether the input cannot be read any further (an unreadable or corrupt file, a quote never
    /// closed): such errors stop a scan even when invalid rows are skipped, which skips only bad rows.
    public var fatal: Bool
    /// What the reader could be told to do differently, for a front end to phrase in its own terms.
    public var hint: IngestHint?

    /// Creates an error at a place in a file.
    ///
    /// - Parameters:
    ///   - file: the file as the user named it, or empty for a problem with the request.
    ///   - line: the 1-based line, if any.
    ///   - column: the 1-based column in characters, if any.
    ///   - keyPath: the key path in a structured file (YAML), if any.
    ///   - message: what was found and what was expected.
    ///   - fatal: whether reading cannot go on after it.
    ///   - hint: what the reader could be told to do differently, if anything.
    public init(
        file: String, line: Int? = nil, column: Int? = nil, keyPath: String? = nil, _ message: String, fatal: Bool = false,
        hint: IngestHint? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
        self.fatal = fatal
        self.hint = hint
    }

    /// `file:line:column: message`, or the message alone when there is no file.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        if let keyPath, !keyPath.isEmpty { place += place.isEmpty ? keyPath : ": \(keyPath)" }
        return place.isEmpty ? message : "\(place): \(message)"
    }
}

/// A change to how logs are read that would get past an ``IngestError``: the library names the
/// remedy, and a front end (a command line, an app) says how its user asks for it.
public enum IngestHint: Hashable, Sendable {
    /// State the format (``LogFormat``): it cannot be told from the name.
    case stateFormat
    /// Read another column (an export's name for it) as this one: see ``ColumnMapping``.
    case mapColumn(LogColumn)
    /// Skip invalid rows (the scanner's `skipInvalid`): rows like this one would be counted instead,
    /// and for a repeated session the first occurrence kept.
    case skipInvalid
    /// Choose the segment dimensions differently: at most three, each once.
    case segmentDimensions
    /// Do not split by this dimension: the input (pre-aggregated counts) has no column for it.
    case segmentColumn(SegmentDimension)
}

/// Counts in messages, with the noun in the singular or the plural as the count asks.
enum Wording {
    /// `1 field`, `3 fields`; `plural` when the plural is not the noun with an `s`.
    static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }

    /// A whole number with thousands separators: `10,000`.
    static func thousands(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (number < 0 ? "-" : "") + grouped
    }
}
