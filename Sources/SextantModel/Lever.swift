/// Something a team can change to move its metrics: a parameter of the session model pushed toward
/// a goal, or the Auto-Pilot switch of an intent.
///
/// A parameter lever takes the *standard step* (``stepShare``): it closes half the remaining gap
/// between the parameter and its goal, in every week of the horizon (on top of the planned
/// improvements in force). Coverage, success and escalation go toward 1; error and handoff rates
/// toward 0. `gap_escalation` is a lever both ways: raising it trades automation for trust (fewer
/// issues, less containment), lowering it trades trust for automation.
///
/// `human_request` and `action_need` are not levers: they describe the traffic (how often users
/// ask for a human, how many sessions need an action), not the AI's setup
/// (``Parameter/isLever``).
public enum Lever: Hashable, Sendable {
    /// Close half the gap between the parameter and 1.
    case raise(Parameter)
    /// Close half the gap between the parameter and 0.
    case lower(Parameter)
    /// Switch Auto-Pilot: put the intent on it in every stage (`true`), or take it off in every
    /// week (`false`). Scenario-wide, taking off means every sensitive intent.
    case autopilot(on: Bool)

    /// The share of the remaining gap a parameter lever closes: ½.
    ///
    /// Half a gap is a step every lever can take (it stays in [0, 1]), it is worth nothing for a
    /// lever already at its goal, and it is comparable across levers whose values differ by orders
    /// of magnitude (a coverage of 80 % and an error rate of 0.4 %), where a fixed number of
    /// points is not. Every rate of the session tree is linear in each parameter but
    /// `gap_escalation` (which acts twice on a path), and the horizon's rates are weighted sums of
    /// them, so closing a share s of the gap lifts every metric by 2s × the lift reported here:
    /// the ranking is the same for any share, but for `gap_escalation`.
    public static let stepShare = 0.5

    /// The parameter levers, in the order of the session tree (ties in a ranking keep it), then
    /// the Auto-Pilot switch: raise knowledge coverage, instruction coverage and gap escalation;
    /// lower gap escalation; raise action coverage and success; lower premature handoffs,
    /// conflicting assets and residual errors.
    public static let parameterLevers: [Lever] = [
        .raise(.knowledgeCoverage), .raise(.instructionCoverage), .raise(.gapEscalation), .lower(.gapEscalation),
        .raise(.actionCoverage), .raise(.actionSuccess), .lower(.prematureHandoff), .lower(.conflictingAssets),
        .lower(.residualError),
    ]

    /// The parameter moved, or nil for the Auto-Pilot switch.
    public var parameter: Parameter? {
        switch self {
        case .raise(let parameter), .lower(let parameter): parameter
        case .autopilot: nil
        }
    }

    /// The value a parameter lever moves toward (1 or 0); nil for the Auto-Pilot switch.
    public var goal: Double? {
        switch self {
        case .raise: 1
        case .lower: 0
        case .autopilot: nil
        }
    }

    /// `value` after the standard step: value + ½ (goal − value); the Auto-Pilot switch leaves it.
    ///
    /// - Parameter value: The parameter's value in force.
    /// - Returns: The value after the step.
    public func stepped(_ value: Double) -> Double {
        guard let goal else { return value }
        return value + Self.stepShare * (goal - value)
    }

    /// The key of the JSON output: the parameter's name (`knowledge_coverage`) or `autopilot`.
    public var key: String { parameter?.rawValue ?? "autopilot" }

    /// Which way it moves: `up` or `down` for a parameter, `on` or `off` for Auto-Pilot.
    public var direction: String {
        switch self {
        case .raise: "up"
        case .lower: "down"
        case .autopilot(let on): on ? "on" : "off"
        }
    }

    /// A label for tables: `raise knowledge_coverage`, `take off Auto-Pilot`.
    public var label: String {
        switch self {
        case .raise(let parameter): "raise " + parameter.rawValue
        case .lower(let parameter): "lower " + parameter.rawValue
        case .autopilot(let on): on ? "put on Auto-Pilot" : "take off Auto-Pilot"
        }
    }

    /// What the seed's "How to improve results" recommends doing to pull this lever — the
    /// improvement of the handoff reason the parameter governs (``HandoffReason/action``), else
    /// the parameter's own (``Parameter/lever``).
    public var action: String {
        switch self {
        case .raise(.knowledgeCoverage): HandoffReason.missingKnowledge.action
        case .raise(.instructionCoverage): HandoffReason.unknownScenario.action
        case .raise(.actionCoverage): HandoffReason.actionUnavailable.action
        case .raise(.actionSuccess): HandoffReason.actionFailed.action
        case .lower(.prematureHandoff): HandoffReason.prematureHandoff.action
        case .raise(.gapEscalation):
            "escalate rather than improvise on a knowledge or instruction gap (trust over automation: fewer issues, less containment)"
        case .lower(.gapEscalation):
            "let the AI answer through gaps rather than escalate (automation over trust: more containment, more issues)"
        case .raise(let parameter), .lower(let parameter): parameter.lever
        case .autopilot(on: false):
            "keep sensitive cases out of Auto-Pilot until the workflow is stable; narrow the workflow scope"
        case .autopilot(on: true): "widen the workflow scope: put the intent on Auto-Pilot (once its gate passes)"
        }
    }
}

extension Parameter {
    /// Whether a team can pull this parameter: every parameter but `human_request` and
    /// `action_need`, which describe the traffic rather than the AI's setup.
    public var isLever: Bool {
        switch self {
        case .humanRequest, .actionNeed: false
        default: true
        }
    }

    /// Why a parameter is not a lever; nil for a lever.
    public var notALever: String? {
        switch self {
        case .humanRequest:
            "users ask for a human whatever the coverage: a property of the traffic (review why they ask)"
        case .actionNeed: "how many sessions need an action is a property of the traffic, not of the AI's setup"
        default: nil
        }
    }
}
