import Testing

@testable import SextantModel

@Suite("SimulationLimits")
struct SimulationLimitsTests {
    @Test(
        "result bytes follow 8 · R · (7 · (1 + W + I·[intents] + I·W·[intent weeks]) + 6), written out",
        arguments: [
            (1000, 12, 5, false, false, 1000 * (7 * 13 + 6) * 8),
            (1000, 12, 5, true, false, 1000 * (7 * (13 + 5) + 6) * 8),
            (1000, 12, 5, false, true, 1000 * (7 * (13 + 60) + 6) * 8),
            (1000, 12, 5, true, true, 1000 * (7 * (13 + 5 + 60) + 6) * 8),
            (10_000_000, 12, 5, false, false, 7_760_000_000),
            (1, 1, 0, true, true, (7 * 2 + 6) * 8),
        ])
    func bytes(replications: Int, weeks: Int, intents: Int, perIntent: Bool, perIntentWeek: Bool, expected: Int) {
        let got = SimulationLimits.resultBytes(
            replications: replications, weeks: weeks, intents: intents, perIntent: perIntent, perIntentWeek: perIntentWeek)
        #expect(got == expected)
    }

    @Test("the formula counts the values the simulation keeps: one per metric per slot, one per handoff reason")
    func counts() {
        #expect(SimulationLimits.metricsPerSlot == 7 && HandoffReason.allCases.count == 6)
    }

    @Test("requests beyond Int saturate instead of overflowing")
    func saturates() {
        #expect(
            SimulationLimits.resultBytes(replications: .max, weeks: 12, intents: 5, perIntent: true, perIntentWeek: true) == .max)
        #expect(
            SimulationLimits.resultBytes(replications: 1000, weeks: .max, intents: .max, perIntent: true, perIntentWeek: true)
                == .max)
        #expect(
            SimulationLimits.valuesPerReplication(weeks: .max, intents: 2, perIntent: false, perIntentWeek: true) == .max)
    }

    @Test("the memory limit is half the machine's memory, and at most 4 GiB")
    func limit() {
        #expect(SimulationLimits.memoryLimit(physicalMemory: 64 << 30) == 4 << 30)
        #expect(SimulationLimits.memoryLimit(physicalMemory: 8 << 30) == 4 << 30)
        #expect(SimulationLimits.memoryLimit(physicalMemory: 2 << 30) == 1 << 30)
    }
}
