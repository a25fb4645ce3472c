import SextantStats

/// One intent fitted to its counts: the stage posteriors the log identifies, and every parameter
/// of the session tree with its distribution and provenance.
///
/// The stages (<doc:SessionModel>), each a count of the sessions that reached it:
/// h = `user_request` / sessions; (1 − a)·g = `missing_knowledge` / sessions past step 1;
/// (1 − c)·g = `unknown_scenario` / sessions past step 2; n·(1 − k) and n·k·(1 − e) =
/// `action_unavailable` and `action_failed` / sessions reaching step 4 (jointly, a Dirichlet);
/// f = `premature_handoff` / sessions reaching step 5; θ = P(any issue) = reviewed sessions with an
/// issue / reviewed sessions. g, n and r come from the prior (or the defaults); a, c, k, e and b
/// are then derived draw by draw and moment-matched to a Beta — exact Betas where the prior is
/// the default point (g = 1, n = 1, r = 0).
public struct CalibratedIntent: Sendable {
    /// What the log shows of the intent.
    public let observation: IntentObservation
    /// The posteriors of the quantities the log identifies.
    public let stages: [StagePosterior]
    /// Every parameter's distribution and provenance.
    public let parameters: [Parameter: ParameterFit]
    /// The severity split.
    public let severity: SeveritySplit
    /// Where the severity split came from.
    public let severityNote: String
    /// The handoff counts per reason after unexplained handoffs were allocated.
    public let reasonCounts: [HandoffReason: Double]
    /// How unexplained handoffs were allocated, in words; nil when there were none.
    public let allocationNote: String?

    init(
        _ observation: IntentObservation, prior: CalibrationPrior?, pooledSeverity: [Double], draws: Int,
        stream: inout RandomStream
    ) {
        self.observation = observation
        let spec = prior?.spec(for: observation.name)
        let priorSource = prior?.source
        let tally = observation.tally
        let (counts, note) = Self.allocate(observation, prior: spec)
        reasonCounts = counts
        allocationNote = note
        func count(_ reason: HandoffReason) -> Double { counts[reason] ?? 0 }
        let n0 = Double(tally.sessions)
        let n1 = n0 - count(.userRequest)
        let n2 = n1 - count(.missingKnowledge)
        let n3 = n2 - count(.unknownScenario)
        let n4 = n3 - count(.actionUnavailable) - count(.actionFailed)
        let h = StagePosterior("h", .userRequest, of: "AI sessions", count: count(.userRequest), total: n0)
        let qa = StagePosterior(
            "(1 − a)·g", .missingKnowledge, of: "sessions past step 1", count: count(.missingKnowledge), total: n1)
        let qc = StagePosterior(
            "(1 − c)·g", .unknownScenario, of: "sessions past step 2", count: count(.unknownScenario), total: n2)
        let x = StagePosterior(
            "n·(1 − k)", .actionUnavailable, of: "sessions reaching step 4", count: count(.actionUnavailable), total: n3)
        let y = StagePosterior(
            "n·k·(1 − e) / (1 − n·(1 − k))", .actionFailed, of: "sessions reaching step 4 with the action available",
            count: count(.actionFailed), total: n3 - count(.actionUnavailable))
        let f = StagePosterior(
            "f", .prematureHandoff, of: "sessions reaching step 5", count: count(.prematureHandoff), total: n4)
        let theta = StagePosterior(
            "P(issue)", nil, of: "reviewed sessions", count: Double(tally.anyIssue), total: Double(tally.reviewed))
        stages = [h, qa, qc, x, y, f] + (tally.reviewed > 0 ? [theta] : [])

        // What the log cannot identify: the prior's distribution, else the calibration default.
        var fits: [Parameter: ParameterFit] = [:]
        func unidentified(_ parameter: Parameter, _ why: String) -> UncertainProbability {
            if let given = spec?.parameters[parameter], let priorSource {
                fits[parameter] = ParameterFit(
                    distribution: given, origin: .prior, note: "\(why): from the prior \(priorSource)")
                return given
            }
            let value = CalibrationPrior.defaultValue(parameter)
            fits[parameter] = ParameterFit(
                distribution: .fixed(value), origin: .defaults, note: "\(why): the calibration default \(value.shown)")
            return .fixed(value)
        }
        let g = unidentified(.gapEscalation, "not identified (a gap ends as help either way)")
        let n = unidentified(.actionNeed, "not identified (seen only through its failures)")
        let r = unidentified(.conflictingAssets, "not identified apart from residual_error (an issue either way)")
        let reviewed = tally.reviewed > 0

        fits[.humanRequest] = ParameterFit(distribution: Self.beta(h.alpha, h.beta), origin: .counts, note: Self.counted(h))
        fits[.prematureHandoff] = ParameterFit(
            distribution: Self.beta(f.alpha, f.beta), origin: .counts, note: Self.counted(f))

        // Draws of everything, for the derived parameters.
        var samples = [[Double]](repeating: [], count: Parameter.allCases.count)
        var clamped = [Parameter: Int]()
        let split = Self.severitySplit(tally, pooled: pooledSeverity, prior: spec)
        let sets = LeafDistribution.severitySets(split.split)
        for _ in 0..<draws {
            var v = [Double](repeating: 0, count: Parameter.allCases.count)
            v[0] = stream.beta(h.alpha, h.beta)
            let gv = g.draw(&stream)
            let nv = n.draw(&stream)
            v[3] = gv
            v[4] = nv
            v[8] = r.draw(&stream)
            func solve(_ p: Parameter, _ value: Double) -> Double {
                if value < 0 || value > 1 { clamped[p, default: 0] += 1 }
                return min(1, max(0, value))
            }
            v[1] = solve(.knowledgeCoverage, gv > 0 ? 1 - stream.beta(qa.alpha, qa.beta) / gv : 1)
            v[2] = solve(.instructionCoverage, gv > 0 ? 1 - stream.beta(qc.alpha, qc.beta) / gv : 1)
            // Step 4: unavailable with x, else failed with y: P(action_failed) = (1 − x)·y.
            let xv = stream.beta(x.alpha, x.beta)
            let yv = (1 - xv) * stream.beta(y.alpha, y.beta)
            v[5] = solve(.actionCoverage, nv > 0 ? 1 - xv / nv : 1)
            let nk = nv * v[5]
            v[6] = solve(.actionSuccess, nk > 0 ? 1 - yv / nk : 1)
            v[7] = stream.beta(f.alpha, f.beta)
            if reviewed {
                // b from P(issue) = 1 − (1 − b)·Z, Z = P(no issue) with b = 0 at the other values.
                let z = LeafDistribution(IntentPoint(values: v, severity: split.split), severitySets: sets).probability(set: 0)
                let issue = stream.beta(theta.alpha, theta.beta)
                v[9] = solve(.residualError, z > 0 ? 1 - (1 - issue) / z : 0)
            }
            for index in v.indices { samples[index].append(v[index]) }
        }
        func derived(_ parameter: Parameter, exact: (Double, Double)?, _ note: String) {
            let distribution =
                exact.map { Self.beta($0.0, $0.1) } ?? Self.matched(samples[Parameter.index(parameter)])
            var text = note
            if let times = clamped[parameter], times > 0 {
                text += "; in \(times) of \(draws) draws the prior left no room and it was held at 0 or 1"
            }
            fits[parameter] = ParameterFit(distribution: distribution, origin: exact == nil ? .joint : .counts, note: text)
        }
        let gIsOne = g == .fixed(1)
        let nIsOne = n == .fixed(1)
        derived(.knowledgeCoverage, exact: gIsOne ? (qa.beta, qa.alpha) : nil, Self.counted(qa) + "; split with gap_escalation")
        derived(.instructionCoverage, exact: gIsOne ? (qc.beta, qc.alpha) : nil, Self.counted(qc) + "; split with gap_escalation")
        derived(.actionCoverage, exact: nIsOne ? (x.beta, x.alpha) : nil, Self.counted(x) + "; split with action_need")
        derived(
            .actionSuccess, exact: nIsOne ? (y.beta, y.alpha) : nil,
            Self.counted(y) + "; split with action_need")
        if reviewed {
            derived(
                .residualError, exact: gIsOne && r == .fixed(0) ? (theta.alpha, theta.beta) : nil,
                Self.counted(theta) + ", less the improvised and conflicting-asset issues the other parameters imply")
        } else {
            _ = unidentified(.residualError, "no reviewed sessions")
        }
        parameters = fits
        severity = split.split
        severityNote = split.note
    }

    /// `h = user_request 37 of 820 AI sessions`.
    static func counted(_ stage: StagePosterior) -> String {
        "\(stage.quantity) = \(stage.reason?.rawValue ?? "issues") \(amount(stage.count)) of \(amount(stage.total)) \(stage.population)"
    }

    /// A count as written: whole, or with one decimal when allocation made it fractional.
    static func amount(_ value: Double) -> String {
        value == value.rounded() ? Int(value).description : ((value * 10).rounded() / 10).shown
    }

    /// A Beta with the draws' mean and variance (α, β to 4 significant digits), or the mean when they do not vary.
    static func matched(_ draws: [Double]) -> UncertainProbability {
        let count = Double(draws.count)
        let mean = draws.reduce(0, +) / count
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(1, count - 1)
        guard variance > 1e-12, mean > 1e-9, mean < 1 - 1e-9 else { return .fixed(((mean * 1e6).rounded() / 1e6)) }
        let size = max(1e-3, mean * (1 - mean) / variance - 1)
        return .beta(significant(mean * size), significant((1 - mean) * size))
    }

    /// Beta(α, β) as written: halves (whole counts) exactly, fractional counts (allocated
    /// unexplained handoffs) to six significant digits.
    static func beta(_ alpha: Double, _ beta: Double) -> UncertainProbability {
        func tidy(_ x: Double) -> Double {
            guard (x * 2).rounded() != x * 2 else { return x }
            var scale = 1.0
            while x * scale < 100_000 { scale *= 10 }
            return (x * scale).rounded() / scale
        }
        return .beta(tidy(alpha), tidy(beta))
    }

    /// A positive number to four significant digits.
    static func significant(_ value: Double) -> Double {
        var scale = 1.0
        while value * scale < 1000 { scale *= 10 }
        while value * scale >= 10000 { scale /= 10 }
        return max(1e-3, (value * scale).rounded() / scale)
    }
}
