/// A problem with an input: where it is (file, line, column or key) and what was found and expected.
///
/// The description is `file:line:column: message`, the form compilers use, so editors and terminals
/// link it to the place.
public struct IngestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file, as the user named it (`-` for standard input).
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
    /// closed): such errors stop a scan even with `--skip-invalid`, which skips only bad rows.
    public var fatal: Bool

    /// Creates an error at a place in a file.
    public init(
        file: String, line: Int? = nil, column: Int? = nil, keyPath: String? = nil, _ message: String, fatal: Bool = false
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
        self.fatal = fatal
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        if let keyPath, !keyPath.isEmpty { place += ": \(keyPath)" }
        return "\(place): \(message)"
    }
}
