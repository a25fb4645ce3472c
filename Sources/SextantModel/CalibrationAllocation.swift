extension CalibratedIntent {
    /// The reasons of the handoffs a tag class holds, in the tree's order.
    static func reasons(_ tag: TagClass) -> [HandoffReason] { HandoffReason.allCases.filter { $0.tag == tag } }

    /// The handoff counts per reason code, with the handoffs that have no code allocated: in the
    /// proportions of the coded ones of their tag (help or follow-up: missing at random), else
    /// as the prior's tree splits that tag, else all help on `user_request` and all follow-ups on
    /// `premature_handoff`. Codes beyond their tag's count (a help code on a session not tagged
    /// help) are scaled down to it.
    ///
    /// - Returns: the counts, and the allocation in words (nil when every handoff had a code).
    static func allocate(_ observation: IntentObservation, prior: IntentSpec?) -> ([HandoffReason: Double], String?) {
        var counts: [HandoffReason: Double] = [:]
        var notes: [String] = []
        let priorReasons = prior.map { LeafDistribution(IntentPoint(means: $0)).reasons }
        for (tag, total, fallback, name) in [
            (TagClass.help, observation.tally.humanHelp, HandoffReason.userRequest, "help"),
            (TagClass.followUp, observation.followUps, HandoffReason.prematureHandoff, "follow-up"),
        ] {
            let codes = reasons(tag)
            var coded = codes.map { Double(observation.coded[$0] ?? 0) }
            let sum = coded.reduce(0, +)
            if sum > Double(total) {
                coded = coded.map { $0 * Double(total) / sum }
                notes.append(
                    "\(CalibratedIntent.amount(sum)) sessions carry \(name) codes but only \(total) are tagged \(name): scaled down"
                )
            }
            let unexplained = Double(total) - min(sum, Double(total))
            if unexplained > 0 {
                var weights = coded
                var how = "as its coded ones (missing at random)"
                if weights.reduce(0, +) == 0 {
                    if let priorReasons, codes.reduce(0, { $0 + priorReasons[$1.index] }) > 0 {
                        weights = codes.map { priorReasons[$0.index] }
                        how = "as the prior's tree splits them"
                    } else {
                        weights = codes.map { $0 == fallback ? 1 : 0 }
                        how = "all to \(fallback.rawValue) (nothing to split them by)"
                    }
                }
                let scale = unexplained / weights.reduce(0, +)
                for index in coded.indices { coded[index] += weights[index] * scale }
                notes.append("\(CalibratedIntent.amount(unexplained)) \(name) sessions without a code split \(how)")
            }
            for (index, code) in codes.enumerated() { counts[code] = coded[index] }
        }
        return (counts, notes.isEmpty ? nil : notes.joined(separator: "; "))
    }

    /// The severity split: the posterior mean of the intent's sessions with a P0, a P1 and a P2
    /// issue under a Dirichlet prior of Jeffreys' weight (1.5 in all) centred on the log's overall
    /// split `pooled` — so that an intent with few issues leans on the log's split rather than on
    /// an even one — at four decimals; the prior's split (else every issue P2) when it had no issue.
    static func severitySplit(_ tally: Tally, pooled: [Double], prior: IntentSpec?) -> (split: SeveritySplit, note: String) {
        let seen = Severity.allCases.map { Double(tally.issues($0)) }
        let total = seen.reduce(0, +)
        guard total > 0 else {
            if let prior { return (prior.severity, "severity: no issue seen; from the prior") }
            return (.minor, "severity: no issue seen; the default, every issue P2")
        }
        let shares = zip(seen, pooled).map { seen, pooled in ((seen + 1.5 * pooled) / (total + 1.5) * 1e4).rounded() / 1e4 }
        let split = SeveritySplit(p0: shares[0], p1: shares[1], p2: ((1 - shares[0] - shares[1]) * 1e4).rounded() / 1e4)
        let counts = zip(Severity.allCases, seen).map { "\($0.rawValue) \(Int($1))" }.joined(separator: ", ")
        return (split, "severity: sessions with an issue of each severity (\(counts)), shrunk towards the log's overall split")
    }

    /// The log's overall severity split: the Jeffreys Dirichlet(½ + sessions with a P0, ½ + with a P1,
    /// ½ + with a P2) mean over every intent.
    static func pooledSeverity(_ observations: [IntentObservation]) -> [Double] {
        let seen = Severity.allCases.map { severity in Double(observations.reduce(0) { $0 + $1.tally.issues(severity) }) }
        let total = seen.reduce(0, +)
        return seen.map { ($0 + 0.5) / (total + 1.5) }
    }
}
