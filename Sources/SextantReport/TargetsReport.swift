import SextantModel

/// The answer of `sextant targets`: the built-in target table and where each row comes from.
public struct TargetsReport: Renderable, Hashable, Sendable {
    /// One row per workflow.
    public let rows: [Targets]

    /// The targets of the given workflows.
    ///
    /// - Parameter rows: one `Targets` per workflow; every built-in workflow by default.
    public init(rows: [Targets] = Workflow.allCases.map(Targets.recommended(for:))) { self.rows = rows }

    /// The target table (also CSV's), the benchmark for strong documentation and the issue-rate ceilings.
    public func document() -> Document {
        let ceilings = rows.first?.issues ?? .projectDefaults
        let targets = Table(
            columns: [.init("workflow"), .init("contained", .right), .init("resolution", .right), .init("source")],
            rows: rows.map {
                [.text($0.workflow.rawValue), .targetRange($0.contained), .targetRange($0.resolution), .text($0.source)]
            })
        return Document([
            .heading("Recommended targets"),
            .table(targets),
            .paragraph(
                "A rate meets its target when its interval's lower bound reaches the floor, and is above the "
                    + "range when the lower bound exceeds the ceiling. The seed also names a benchmark for teams with "
                    + "strong documentation and clear workflows: \(Cell.targetRange(Targets.strongDocumentationBenchmark.contained).display) "
                    + "contained, \(Cell.targetRange(Targets.strongDocumentationBenchmark.resolution).display) resolution."),
            .heading("Issue-rate ceilings"),
            .table(issueTable(ceilings)),
            .paragraph(ceilings.source + ". An issue rate meets its ceiling when its interval's upper bound is at most it."),
        ])
    }

    /// Every workflow's targets, the benchmark and the issue-rate ceilings.
    public func json() -> JSON {
        let ceilings = rows.first?.issues ?? .projectDefaults
        return .object([
            ("schema_version", .int(jsonSchemaVersion)),
            (
                "workflows",
                .array(
                    rows.map { row in
                        .object([
                            ("workflow", .string(row.workflow.rawValue)),
                            ("description", .string(row.workflow.summary)),
                            ("contained", row.contained.json),
                            ("resolution", row.resolution.json),
                            ("source", .string(row.source)),
                        ])
                    })
            ),
            (
                "strong_documentation_benchmark",
                .object([
                    ("contained", Targets.strongDocumentationBenchmark.contained.json),
                    ("resolution", Targets.strongDocumentationBenchmark.resolution.json),
                ])
            ),
            ("issue_ceilings", ceilings.json),
        ])
    }

    private func issueTable(_ ceilings: IssueCeilings) -> Table {
        var rows = Severity.allCases.map { severity -> [Cell] in
            [
                .text(severity.rawValue), .percent(ceilings.ceilings[severity], decimals: 1),
                ceilings.zeroTolerance.contains(severity) ? "yes: any observed issue fails" : "no",
            ]
        }
        rows.append(["any", ceilings.any.map { .percent($0, decimals: 1) } ?? "not judged", "no"])
        return Table(columns: [.init("severity"), .init("upper bound at most", .right), .init("zero tolerance")], rows: rows)
    }
}

extension TargetRange {
    /// `{"floor", "ceiling"}`.
    public var json: JSON { .object([("floor", .number(floor)), ("ceiling", .number(ceiling))]) }
}

extension IssueCeilings {
    /// `{"P0": {"ceiling", "zero_tolerance"}, …, "any", "source"}`.
    public var json: JSON {
        var members: [(String, JSON)] = Severity.allCases.map { severity in
            (
                severity.rawValue,
                .object([
                    ("ceiling", .number(ceilings[severity])),
                    ("zero_tolerance", .bool(zeroTolerance.contains(severity))),
                ])
            )
        }
        members.append(("any", .object([("ceiling", .number(any)), ("zero_tolerance", .bool(false))])))
        members.append(("source", .string(source)))
        return .object(members)
    }
}
