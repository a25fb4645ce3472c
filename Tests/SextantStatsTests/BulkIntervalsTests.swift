import Testing

@testable import SextantStats

@Suite("Intervals in bulk")
struct BulkIntervalsTests {
    /// 5,000 pairs over n = 1 … 10^9 (every 7th count at an end, 0 or n).
    static let pairs: (counts: [Int], totals: [Int]) = {
        var state: UInt64 = 7
        var counts: [Int] = []
        var totals: [Int] = []
        for index in 0..<5000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let total = 1 + Int((state >> 20) % 1_000_000_000) >> (index % 30)
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let count = index % 7 == 0 ? (index % 2 == 0 ? 0 : total) : Int((state >> 11) % UInt64(total + 1))
            counts.append(count)
            totals.append(total)
        }
        return (counts, totals)
    }()

    @Test("bulk intervals equal one call each, bit for bit, for 1, 2 and 7 threads", arguments: IntervalMethod.allCases)
    func identical(method: IntervalMethod) throws {
        let (counts, totals) = Self.pairs
        let one = try zip(counts, totals).map { try method.interval(count: $0, total: $1, confidence: 0.9) }
        for threads in [1, 2, 7] {
            let bulk = try method.intervals(counts: counts, totals: totals, confidence: 0.9, threads: threads)
            #expect(bulk == one, "\(threads) threads")
        }
    }

    @Test("the error is the first invalid pair's, whatever the threads; arrays of different lengths are refused")
    func errors() throws {
        var counts = Array(repeating: 1, count: 3000)
        let totals = Array(repeating: 10, count: 3000)
        counts[2500] = 11  // k > n
        counts[1500] = -1
        for threads in [1, 2] {
            #expect(throws: StatsError.invalidArgument("count -1 is negative; expected 0 ≤ count ≤ total")) {
                try IntervalMethod.jeffreys.intervals(counts: counts, totals: totals, threads: threads)
            }
        }
        #expect(throws: StatsError.self) { try IntervalMethod.wilson.intervals(counts: [1, 2], totals: [3]) }
        #expect(throws: StatsError.self) { try IntervalMethod.wilson.intervals(counts: [1], totals: [3], confidence: 1) }
        #expect(try IntervalMethod.clopperPearson.intervals(counts: [], totals: []).isEmpty)
    }
}
