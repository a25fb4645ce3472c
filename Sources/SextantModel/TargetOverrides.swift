/// Target values from a targets file, each replacing the built-in one it names.
public struct TargetOverrides: Hashable, Sendable {
    /// The workflow row to start from, if the file names one.
    public var workflow: Workflow?
    /// The contained rate's floor.
    public var containedFloor: Double?
    /// The top of the contained rate's range.
    public var containedCeiling: Double?
    /// The resolution rate's floor.
    public var resolutionFloor: Double?
    /// The top of the resolution rate's range.
    public var resolutionCeiling: Double?
    /// Issue ceilings per severity.
    public var issueCeilings: [Severity: Double] = [:]
    /// Zero tolerance per severity, where the file says.
    public var zeroTolerance: [Severity: Bool] = [:]
    /// The any-issue ceiling.
    public var anyIssueCeiling: Double?
    /// Where the overrides come from, e.g. the file's path.
    public var source: String?

    /// No overrides: the built-in targets stand.
    public init() {}

    /// Whether the file overrides anything.
    public var isEmpty: Bool { self == TargetOverrides() }

    /// `base` with every given value replaced; sources say what was overridden.
    public func applied(to base: Targets) -> Targets {
        guard !isEmpty else { return base }
        var targets = workflow.map { Targets.recommended(for: $0) } ?? base
        let file = source ?? "targets file"
        if containedFloor != nil || containedCeiling != nil || resolutionFloor != nil || resolutionCeiling != nil {
            targets.source += "; overridden by \(file)"
        }
        targets.contained.floor = containedFloor ?? targets.contained.floor
        targets.contained.ceiling = containedCeiling ?? targets.contained.ceiling
        targets.resolution.floor = resolutionFloor ?? targets.resolution.floor
        targets.resolution.ceiling = resolutionCeiling ?? targets.resolution.ceiling
        if !issueCeilings.isEmpty || !zeroTolerance.isEmpty || anyIssueCeiling != nil {
            targets.issues.source = "\(file), over \(targets.issues.source)"
        }
        targets.issues.ceilings.merge(issueCeilings) { $1 }
        for (severity, zero) in zeroTolerance {
            if zero { targets.issues.zeroTolerance.insert(severity) } else { targets.issues.zeroTolerance.remove(severity) }
        }
        targets.issues.any = anyIssueCeiling ?? targets.issues.any
        return targets
    }
}
