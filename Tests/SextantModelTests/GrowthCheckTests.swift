import SextantModel
import Testing

/// Every week of the horizon must have at least one session, as week 1 must: a steep decline
/// that rounds a week to 0 sessions is refused at `weekly_growth`, with the week named.
@Suite("Weekly growth that empties the traffic")
struct GrowthCheckTests {
    static func scenario(sessions: Double, growth: Double, weeks: Int) -> Scenario {
        Scenario(
            name: "decline", workflow: .service, sessionsPerWeek: sessions, weeklyGrowth: growth, weeks: weeks, reviewRate: 0.1,
            intents: [IntentSpec(name: "a", share: 1)])
    }

    /// The first week whose sessions round to 0, by the formula sessions · (1 + g)^(w − 1),
    /// computed here independently with exponentiation by repeated squaring of the decimal value.
    static func firstEmptyWeek(sessions: Double, growth: Double, weeks: Int) -> Int? {
        (1...weeks).first { week in
            var factor = 1.0
            var base = 1 + growth
            var n = week - 1
            while n > 0 {
                if n & 1 == 1 { factor *= base }
                base *= base
                n >>= 1
            }
            return sessions * factor < 0.5
        }
    }

    @Test(
        "the first week that rounds to 0 sessions is named, at weekly_growth",
        arguments: [
            (1000.0, -0.99, 10), (1000.0, -0.2, 40), (1.0, -0.5, 3), (5.0, -0.1, 200), (1_000_000.0, -0.5, 52),
            (1000.0, -0.01, 1040),
        ])
    func emptyWeek(_ sessions: Double, _ growth: Double, _ weeks: Int) throws {
        let problem = Self.scenario(sessions: sessions, growth: growth, weeks: weeks).volumeProblem(weeks: weeks)
        guard let week = Self.firstEmptyWeek(sessions: sessions, growth: growth, weeks: weeks) else {
            #expect(problem == nil)
            return
        }
        let found = try #require(problem)
        #expect(found.path == .root.key("weekly_growth"))
        #expect(found.message.hasPrefix("\(growth.description) leaves week \(week) with "), "\(found.message)")
        #expect(
            found.message.contains("which rounds to 0; expected at least 1 session in every week of the \(weeks)-week horizon"))
    }

    @Test("the reported case: 1,000 sessions at -0.99 a week leave week 3 with 0.1 sessions")
    func reported() {
        let problem = Self.scenario(sessions: 1000, growth: -0.99, weeks: 10).volumeProblem(weeks: 10)
        #expect(
            problem?.description
                == "weekly_growth: -0.99 leaves week 3 with 0.1 sessions, which rounds to 0; expected at least 1 session in "
                + "every week of the 10-week horizon, as sessions_per_week must be")
        // Two weeks are fine: week 2 has 10 sessions.
        #expect(Self.scenario(sessions: 1000, growth: -0.99, weeks: 2).volumeProblem(weeks: 2) == nil)
    }

    @Test("a growth of -1 or less is refused whatever the horizon", arguments: [-1.0, -1.5])
    func noTraffic(_ growth: Double) {
        let problem = Self.scenario(sessions: 1000, growth: growth, weeks: 1).volumeProblem(weeks: 1)
        #expect(problem?.path == .root.key("weekly_growth"))
        #expect(problem?.message.contains("would leave no traffic") == true)
    }

    @Test("a gentle decline and any growth within bounds pass", arguments: [-0.01, 0, 0.02, 0.5])
    func fine(_ growth: Double) {
        #expect(Self.scenario(sessions: 10000, growth: growth, weeks: 12).volumeProblem(weeks: 12) == nil)
    }
}
