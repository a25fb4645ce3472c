import SextantStats
import Testing

@testable import SextantModel

@Suite("SimulationLimits")
struct SimulationLimitsTests {
    @Test(
        "result bytes follow 8 · R · (7 · (1 + W + I·[intents]) + 6) + 7 · I · W · (10,368 + 8 · min(R, 256))·[intent weeks], written out",
        arguments: [
            (1000, 12, 5, false, false, 1000 * (7 * 13 + 6) * 8),
            (1000, 12, 5, true, false, 1000 * (7 * (13 + 5) + 6) * 8),
            (1000, 12, 5, false, true, 1000 * (7 * 13 + 6) * 8 + 7 * 60 * (10_368 + 8 * 256)),
            (1000, 12, 5, true, true, 1000 * (7 * (13 + 5) + 6) * 8 + 7 * 60 * (10_368 + 8 * 256)),
            (100, 12, 5, false, true, 100 * (7 * 13 + 6) * 8 + 7 * 60 * (10_368 + 8 * 100)),
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
        // A histogram: 2,048 + 2 · 256 counts of 4 bytes and 128 bytes of range, scales, sums and extremes.
        #expect(RateSketches.bytesPerCell == 10_368 && SummaryObserver.pilotSize == 256)
    }

    @Test(
        "per-intent weekly outputs take the same memory at 10,000 replications as at 1,000: under 500 MB on 50 intents × 52 weeks"
    )
    func intentWeeksBounded() {
        let small = SimulationLimits.intentWeekBytes(replications: 1000, weeks: 52, intents: 50)
        #expect(small == SimulationLimits.intentWeekBytes(replications: 10_000_000, weeks: 52, intents: 50))
        let total = SimulationLimits.resultBytes(
            replications: 10_000, weeks: 52, intents: 50, perIntent: false, perIntentWeek: true)
        #expect(total < 500_000_000 && total == 10_000 * (7 * 53 + 6) * 8 + small)
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
