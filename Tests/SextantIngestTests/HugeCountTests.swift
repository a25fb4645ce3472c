import SextantModel
import Testing

@testable import SextantIngest

@Suite("Counts beyond 2^32")
struct HugeCountTests {
    static let big = 3_000_000_007  // past 2^31 on its own; two rows of it pass 2^32

    @Test("a counts file adds rows past 2^32 exactly, overall, by segment and by reason")
    func countsFile() throws {
        let n = Self.big
        let text =
            "week,intent,handoff_reason,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n"
            + "2026-W10,returns,user_request,\(n),\(n / 5),\(n / 4),\(n / 10),7,11,13,31\n"
            + "2026-W10,returns,user_request,\(n),\(n / 5),\(n / 4),\(n / 10),7,11,13,31\n"
            + "2026-W11,refund,,\(n + 1),0,1,\(n + 1),\(n + 1),0,0,\(n + 1)\n"
        let summary = try Scan.summary(text, name: "counts.csv", by: [.week], format: .counts)
        let expected = Tally(
            sessions: 3 * n + 1, humanHelp: 2 * (n / 5), unresolved: 2 * (n / 4) + 1, reviewed: 2 * (n / 10) + n + 1,
            p0: 14 + n + 1, p1: 22, p2: 26, anyIssue: 62 + n + 1)
        #expect(summary.overall == expected)
        #expect(summary.overall.sessions > 1 << 33)
        let week10 = try #require(summary.segments.first { $0.key.values == ["2026-W10"] }?.value)
        #expect(week10.sessions == 2 * n && week10.unresolved == 2 * (n / 4))
        #expect(summary.reasons["user_request"] == 2 * (n / 4))
    }

    @Test("the aggregator sums sessions past 2^32 without wrapping")
    func aggregator() {
        let aggregator = Aggregator(dimensions: [])
        let help = Contribution(
            values: SegmentIDs(), workflow: SegmentIDs.missing, reason: SessionDecoder.noReason, outcome: [.humanHelp])
        let plain = Contribution(values: SegmentIDs(), workflow: SegmentIDs.missing, reason: -1, outcome: [])
        _ = aggregator.add(help, count: Self.big)
        _ = aggregator.add(plain, count: Self.big)
        _ = aggregator.add(help, count: Self.big)
        let summary = aggregator.summary(reasonsRecorded: true)
        #expect(summary.overall.sessions == 3 * Self.big && summary.overall.humanHelp == 2 * Self.big)
        #expect(summary.reasons[nil] == 2 * Self.big)
    }
}
