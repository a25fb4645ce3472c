import SextantModel

/// The answer of `sextant validate`: each scenario file, valid or with its problems.
public struct ValidationReport: Renderable, Sendable {
    /// One problem of a file: where it is (line, column, key path) and what was found and expected.
    public struct Problem: Hashable, Sendable {
        /// The 1-based line, when the problem is at a place in the file.
        public let line: Int?
        /// The 1-based column, in characters.
        public let column: Int?
        /// The key path (`intents[2].knowledge_coverage`), when the problem is at a key.
        public let keyPath: String?
        /// What was found and what was expected.
        public let message: String

        /// Creates a problem.
        public init(line: Int? = nil, column: Int? = nil, keyPath: String? = nil, message: String) {
            self.line = line
            self.column = column
            self.keyPath = keyPath
            self.message = message
        }
    }

    /// One file's result.
    public struct File: Sendable {
        /// The file, as the user named it.
        public let path: String
        /// The scenario, when the file is valid.
        public let scenario: Scenario?
        /// Every problem of the file (none when it is valid).
        public let problems: [Problem]

        /// Creates a file's result.
        public init(path: String, scenario: Scenario?, problems: [Problem]) {
            self.path = path
            self.scenario = scenario
            self.problems = problems
        }
    }

    /// Each file's result, in the order given.
    public let files: [File]

    /// Creates the report.
    public init(files: [File]) { self.files = files }

    /// A summary table, a row a file (the problems themselves go to standard error with the
    /// terminal formats); CSV gets a row a problem (``csvTable()``).
    public func document() -> Document {
        let summary = Table(
            columns: [.init("file"), .init("result"), .init("scenario"), .init("intents", .right), .init("weeks", .right)],
            rows: files.map { file in
                guard let scenario = file.scenario else {
                    return [
                        .text(file.path), .text(Format.count(file.problems.count, "problem")), .text(""), .text(""), .text(""),
                    ]
                }
                return [
                    .text(file.path), .text("valid"), .text(scenario.name), .integer(scenario.intents.count),
                    .integer(scenario.weeks),
                ]
            })
        return Document([.table(summary)], data: csvTable())
    }

    /// `{"schema_version", "valid", "files": [{"file", "valid", "scenario", "problems": [{"line", "column",
    /// "key_path", "message"}]}]}`.
    public func json() -> JSON {
        .object([
            ("schema_version", .int(jsonSchemaVersion)),
            ("valid", .bool(files.allSatisfy { $0.problems.isEmpty })),
            (
                "files",
                .array(
                    files.map { file in
                        .object([
                            ("file", .string(file.path)),
                            ("valid", .bool(file.problems.isEmpty)),
                            ("scenario", file.scenario.map { .string($0.name) } ?? .null),
                            (
                                "problems",
                                .array(
                                    file.problems.map { problem in
                                        .object([
                                            ("line", problem.line.map(JSON.int) ?? .null),
                                            ("column", problem.column.map(JSON.int) ?? .null),
                                            ("key_path", problem.keyPath.map(JSON.string) ?? .null),
                                            ("message", .string(problem.message)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    /// One row a valid file (its scenario's name, intents and weeks), one row a problem of an invalid
    /// one (its line, column, key path and message), so that CSV loses nothing the other formats show.
    public func csvTable() -> Table {
        Table(
            columns: [
                .init("file"), .init("result"), .init("scenario"), .init("intents", .right), .init("weeks", .right),
                .init("line", .right), .init("column", .right), .init("key_path"), .init("message"),
            ],
            rows: files.flatMap { file -> [[Cell]] in
                guard let scenario = file.scenario else {
                    return file.problems.map { problem in
                        [
                            .text(file.path), .text("invalid"), .text(""), .text(""), .text(""),
                            problem.line.map(Cell.integer) ?? .text(""), problem.column.map(Cell.integer) ?? .text(""),
                            .text(problem.keyPath ?? ""), .text(problem.message),
                        ]
                    }
                }
                return [
                    [
                        .text(file.path), .text("valid"), .text(scenario.name), .integer(scenario.intents.count),
                        .integer(scenario.weeks), .text(""), .text(""), .text(""), .text(""),
                    ]
                ]
            })
    }
}
