import SextantModel

extension ScenarioFile {
    /// The file of a calibrated scenario: every intent in full, each value with a comment saying
    /// where it came from — the counts and reason codes with k of n, or the prior, or the
    /// calibration defaults — and a header saying how it was fitted and what the log could not tell.
    ///
    /// - Parameters:
    ///   - calibration: the fit.
    ///   - inputs: the logs it was fitted to, as the user named them.
    public init(_ calibration: Calibration, inputs: [String]) {
        self.init(calibration.scenario)
        let total = calibration.intents.reduce(0) { $0 + $1.observation.tally.sessions }
        let names = inputs.map { $0 == "-" ? "standard input" : $0 }.joined(separator: ", ")
        description = "Calibrated by sextant calibrate from \(names)"
        var header = [
            "Fitted to \(total) AI sessions of \(names) by sextant calibrate.",
            "Each probability the log counts is its posterior under the Jeffreys prior Beta(1/2, 1/2): Beta(1/2 + k, 1/2 + n - k)",
            "for k sessions of the n that reached its stage of the session tree. gap_escalation, action_need and",
            "conflicting_assets are not identified by a log; they come from "
                + (calibration.priorSource.map { "the prior \($0) (else the calibration defaults)" } ?? "the calibration defaults")
                + ", and the",
            "parameters they split (knowledge and instruction coverage, action coverage and success, residual_error)",
            "are derived draw by draw and moment-matched to a Beta.",
        ]
        if !calibration.reasonsRecorded {
            header.append(
                "The log has no handoff_reason column: only the shares and the contained, resolution and issue rates are identified."
            )
        }
        if calibration.unexplained > 0 {
            header.append(
                "\(calibration.unexplained) handoff sessions had no reason code (no reason, or a text no mapping matched): they count "
                    + "in the rates and are split as each intent's comment says.")
        }
        comments[.root] = Comment(above: header)
        let root = FieldPath.root
        comments[root.key("workflow")] = Comment(trailing: calibration.workflowChoice)
        let volumes = calibration.weeks.map { String($0.sessions) }.joined(separator: ", ")
        if calibration.weeks.isEmpty {
            comments[root.key("sessions_per_week")] = Comment(
                trailing: "no weeks in the log (no started_at): every session in one week")
        } else {
            comments[root.key("sessions_per_week")] = Comment(
                trailing: "week 1 of the log-linear trend of the weekly volumes \(volumes)")
            comments[root.key("weekly_growth")] = Comment(trailing: "e^slope - 1 of that trend")
            let first = calibration.weeks.first!.label
            let last = calibration.weeks.last!.label
            comments[root.key("weeks")] = Comment(trailing: "the ISO weeks \(first) to \(last)")
        }
        let overall = calibration.intents.reduce(into: Tally()) { $0.add($1.observation.tally) }
        comments[root.key("review_rate")] = Comment(
            trailing: calibration.reviewRecorded
                ? "\(overall.reviewed) of \(overall.sessions) sessions reviewed"
                : "the log has no reviewed column: every session counted as reviewed")
        comments[root.key("seed")] = Comment(trailing: "also the seed of the calibration's draws")
        for (index, intent) in calibration.intents.enumerated() {
            let path = root.key("intents").index(index)
            let tally = intent.observation.tally
            var above = [
                "\(intent.observation.name): \(tally.sessions) AI sessions, \(tally.humanHelp) help, "
                    + "\(intent.observation.followUps) follow-up, \(tally.reviewed) reviewed, \(tally.anyIssue) with an issue"
            ]
            if let note = intent.allocationNote { above.append(note) }
            comments[path] = Comment(above: above)
            comments[path.key("share")] = Comment(trailing: "\(tally.sessions) of \(total) sessions")
            comments[path.key("severity")] = Comment(trailing: intent.severityNote)
            for (parameter, fit) in intent.parameters {
                comments[path.key(parameter.rawValue)] = Comment(trailing: fit.note)
            }
        }
    }
}
