import Testing

@testable import SextantIngest

@Suite("Interning values")
struct InternerTests {
    /// The multiply-mix step of the interning hash.
    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// `count` values of 24 bytes that all have one hash under the seed and key the hash had
    /// before they were drawn at random: after two words of any prefix, a third word chosen as the
    /// state xor a constant brings every value to the same state.
    private static func collidingUnderFixedKeys(_ count: Int) -> [[UInt8]] {
        let seed: UInt64 = 0x243F_6A88_85A3_08D3
        let key: UInt64 = 0xA076_1D64_78BD_642F
        return (0..<count).map { i in
            let first = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
            let second = UInt64(i) ^ 0x5151_5151_5151_5151
            var h = seed ^ 24 &* 0x9E37_79B9_7F4A_7C15
            h = mix(h ^ first, key)
            h = mix(h ^ second, key)
            let third = h ^ 0x5A5A_5A5A_5A5A_5A5A
            return [first, second, third].flatMap { word in withUnsafeBytes(of: word.littleEndian) { Array($0) } }
        }
    }

    @Test("values made to collide under a known hash key take no longer to intern than any others")
    func noFlooding() {
        let values = Self.collidingUnderFixedKeys(20_000)
        let interner = Interner(limit: 1 << 20, validatesUTF8: false, keepsNames: false)
        for (i, value) in values.enumerated() {
            let id = value.withUnsafeBytes { interner.id($0) }
            #expect(id == Int32(i))
        }
        // Under the fixed key every value would share one probe chain: 20,000 slots long.
        #expect(interner.longestProbe < 64, "longest probe \(interner.longestProbe)")
        #expect(interner.count == 20_000)
        // Each value is found again under its own id.
        #expect(values.enumerated().allSatisfy { i, value in value.withUnsafeBytes { interner.id($0) } == Int32(i) })
    }

    @Test("past its limit every new value shares one id; the values before keep theirs")
    func limit() {
        let interner = Interner(limit: 3, keepsNames: false)
        let ids = ["a", "b", "a", "c", "d", "e", "b"].map { interner.id($0) }
        #expect(ids == [0, 1, 0, 2, 3, 3, 1])
        #expect(interner.isOverflow(3) && !interner.isOverflow(2) && interner.overflow() == 3)
        #expect(Interner(limit: 3).overflow() == nil)
    }
}

@Suite("A chunk past the limits on distinct values")
struct ChunkLimitTests {
    @Test("more distinct reasons and workflows in one chunk than a scan keeps: the result of one record at a time")
    func pastLimits() {
        var text = "session_id,started_at,workflow,tags,handoff_reason\n"
        for i in 0..<60_000 {
            text += "s\(i),2026-03-0\(1 + i % 9),wf-\(i % 12_000),sys_human_help,reason \(i)\n"
        }
        let reference = ParallelCSVTests.outcome(
            text, options: .init(workers: 0, chunkSize: 1 << 20), skipInvalid: false, by: [.workflow])
        #expect(reference.contains("(other reasons, beyond 50,000 distinct)"))
        let got = ParallelCSVTests.outcome(
            text, options: .init(workers: 2, chunkSize: 4 << 20), skipInvalid: false, by: [.workflow])
        #expect(got == reference)
    }
}
