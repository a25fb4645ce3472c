import SextantModel

/// The answer of `sextant validate`: each scenario file, valid or with its problems.
public struct ValidationReport: Renderable, Sendable {
    /// One file's result.
    public struct File: Sendable {
        public let path: String
        public let scenario: Scenario?
        public let problems: [String]

        public init(path: String, scenario: Scenario?, problems: [String]) {
            self.path = path
            self.scenario = scenario
            self.problems = problems
        }
    }

    public let files: [File]

    public init(files: [File]) { self.files = files }

    public func document() -> Document {
        Document([.table(csvTable())])
    }

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
                            ("problems", .array(file.problems.map(JSON.string))),
                        ])
                    })
            ),
        ])
    }

    public func csvTable() -> Table {
        Table(
            columns: [.init("file"), .init("result"), .init("scenario"), .init("intents", .right), .init("weeks", .right)],
            rows: files.map { file in
                guard let scenario = file.scenario else {
                    return [file.path, "\(file.problems.count) problem\(file.problems.count == 1 ? "" : "s")", "", "", ""]
                }
                return [file.path, "valid", scenario.name, String(scenario.intents.count), String(scenario.weeks)]
            })
    }
}
