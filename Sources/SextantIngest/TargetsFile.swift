import SextantModel

/// Target overrides from a YAML targets file:
///
/// ```yaml
/// version: 1
/// workflow: service-ecommerce          # optional: the row to start from
/// contained: {floor: 0.82, ceiling: 0.92}
/// resolution: {floor: 0.7}
/// issues:
///   P0: {ceiling: 0.0005, zero_tolerance: true}
///   P1: {ceiling: 0.01}
///   any: {ceiling: 0.06}
/// ```
public enum TargetsFile {
    /// Parses a targets file's text; every problem is reported at once, with its line and key path.
    public static func parse(_ text: String, file: String) throws(IngestErrors) -> TargetOverrides {
        let rootNode = try YAMLDocument.root(text, file: file, expected: "targets (see sextant targets --help)")
        var reader = YAMLReader(file: file)
        var overrides = TargetOverrides()
        overrides.source = "targets file \(file)"
        let root = FieldPath.root
        guard let top = reader.mapping(rootNode, root, allowed: ["version", "workflow", "contained", "resolution", "issues"])
        else {
            throw IngestErrors(reader.problems)
        }
        if let node = top["version"], let version = reader.integer(node, root.key("version")), version != 1 {
            reader.problem(node, root.key("version"), "found \(version); this Sextant reads version 1")
        }
        if let node = top["workflow"] { overrides.workflow = reader.choice(node, root.key("workflow"), as: Workflow.self) }
        for name in ["contained", "resolution"] {
            guard let node = top[name], let range = reader.mapping(node, root.key(name), allowed: ["floor", "ceiling"]) else {
                continue
            }
            let floor = range["floor"].flatMap { reader.probability($0, root.key(name).key("floor")) }
            let ceiling = range["ceiling"].flatMap { reader.probability($0, root.key(name).key("ceiling")) }
            if let floor, let ceiling, floor > ceiling {
                reader.problem(node, root.key(name), "floor \(floor) is above ceiling \(ceiling); expected floor ≤ ceiling")
            }
            if name == "contained" {
                (overrides.containedFloor, overrides.containedCeiling) = (floor, ceiling)
            } else {
                (overrides.resolutionFloor, overrides.resolutionCeiling) = (floor, ceiling)
            }
        }
        if let node = top["issues"], let issues = reader.mapping(node, root.key("issues"), allowed: ["P0", "P1", "P2", "any"]) {
            for (key, value) in issues {
                let path = root.key("issues").key(key)
                let allowed = key == "any" ? ["ceiling"] : ["ceiling", "zero_tolerance"]
                guard let fields = reader.mapping(value, path, allowed: allowed) else { continue }
                let ceiling = fields["ceiling"].flatMap { reader.probability($0, path.key("ceiling")) }
                if let severity = Severity(rawValue: key) {
                    if let ceiling { overrides.issueCeilings[severity] = ceiling }
                    if let node = fields["zero_tolerance"], let zero = reader.boolean(node, path.key("zero_tolerance")) {
                        overrides.zeroTolerance[severity] = zero
                    }
                } else {
                    overrides.anyIssueCeiling = ceiling
                }
            }
        }
        guard reader.problems.isEmpty else {
            throw IngestErrors(YAMLReader.inFileOrder(reader.problems))
        }
        return overrides
    }
}

/// Several input problems, reported together (e.g. every error of a scenario file).
public struct IngestErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public let errors: [IngestError]

    /// Wraps a list of problems.
    public init(_ errors: [IngestError]) { self.errors = errors }

    /// One problem a line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
