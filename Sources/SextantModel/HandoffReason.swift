/// Why a human was involved in a session: the reason codes of the session model (<doc:SessionModel>),
/// each with the improvement the seed's "How to improve results" recommends.
public enum HandoffReason: String, CaseIterable, Hashable, Sendable, Codable {
    /// The user asked for a human, whatever the coverage.
    case userRequest = "user_request"
    /// The knowledge assets lacked what the session needed.
    case missingKnowledge = "missing_knowledge"
    /// The instructions and sub agents did not cover the session's scenario.
    case unknownScenario = "unknown_scenario"
    /// A needed action (refund, booking, CRM update) is not available to the AI.
    case actionUnavailable = "action_unavailable"
    /// An attempted action failed.
    case actionFailed = "action_failed"
    /// A session that could be resolved still ended in "someone from the team will reach out".
    case prematureHandoff = "premature_handoff"

    /// The reason code a free-text reason names, if any: exact codes, case and separators aside
    /// (`Missing knowledge`, `missing-knowledge` and `MISSING_KNOWLEDGE` are all `missing_knowledge`).
    public init?(text: String) {
        let trimmed = text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
        let normalised = String(trimmed).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 }
        self.init(rawValue: String(normalised))
    }

    /// The improvement the seed recommends for this reason.
    public var action: String {
        switch self {
        case .userRequest:
            "review why users ask for a human; where answers fell short, add missing knowledge and refine sub agents"
        case .missingKnowledge: "add missing knowledge"
        case .unknownScenario: "refine sub agents and tighten instructions for the scenarios they miss"
        case .actionUnavailable: "improve action coverage"
        case .actionFailed: "improve action execution"
        case .prematureHandoff:
            "refine replies that hand work to humans too early; reduce unnecessary human follow-up triggers"
        }
    }

    /// The position in `allCases`.
    public var index: Int {
        switch self {
        case .userRequest: 0
        case .missingKnowledge: 1
        case .unknownScenario: 2
        case .actionUnavailable: 3
        case .actionFailed: 4
        case .prematureHandoff: 5
        }
    }

    /// The tag a session with this reason carries: help for the first three, follow-up for the rest.
    public var tag: TagClass {
        switch self {
        case .userRequest, .missingKnowledge, .unknownScenario: .help
        case .actionUnavailable, .actionFailed, .prematureHandoff: .followUp
        }
    }

    /// Which rate the reason holds down: help reasons lower the contained rate, follow-up reasons
    /// only the resolution rate.
    public var lowers: String {
        switch self {
        case .userRequest, .missingKnowledge, .unknownScenario: "contained and resolution"
        case .actionUnavailable, .actionFailed, .prematureHandoff: "resolution"
        }
    }
}
