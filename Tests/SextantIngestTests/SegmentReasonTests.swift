import SextantModel
import Testing

@testable import SextantIngest

/// Handoff reasons per segment, as calibration needs them per intent.
@Suite("Handoff reasons per segment")
struct SegmentReasonTests {
    static let log = """
        session_id,intent,tags,handoff_reason
        1,returns,sys_human_help,missing_knowledge
        2,returns,sys_human_follow_up,action_failed
        3,returns,sys_human_help, missing_knowledge
        4,refund,sys_human_help,
        5,refund,,missing_knowledge
        6,refund,sys_human_follow_up;vip,user_request
        7,,sys_human_help,user_request

        """

    /// The same sessions as pre-aggregated counts by intent and reason (session 5, without a
    /// human, sits in the row with no reason: its reason does not count).
    static let counts = """
        intent,handoff_reason,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue
        returns,missing_knowledge,2,2,2,2,0,0,0,0
        returns,action_failed,1,0,1,1,0,0,0,0
        refund,,2,1,1,2,0,0,0,0
        refund,user_request,1,0,1,1,0,0,0,0
        ,user_request,1,1,1,1,0,0,0,0

        """

    /// Handoffs without a reason are the nil reason; sessions without an intent the missing intent.
    static let byIntent: [SegmentKey: [String?: Int]] = [
        SegmentKey(["returns"]): ["missing_knowledge": 2, "action_failed": 1],
        SegmentKey(["refund"]): [nil: 1, "user_request": 1],
        SegmentKey([nil], dimensions: [.intent]): ["user_request": 1],
    ]

    @Test("each segment counts its handoffs by reason, adding up to its unresolved sessions and to the whole log")
    func perIntent() throws {
        let summary = try Scan.summary(Self.log, by: [.intent])
        #expect(summary.segmentReasons == Self.byIntent)
        #expect(summary.reasons == ["missing_knowledge": 2, "action_failed": 1, nil: 1, "user_request": 2])
        for (key, tally) in summary.segments {
            #expect(summary.segmentReasons[key, default: [:]].values.reduce(0, +) == tally.unresolved, "\(key)")
        }
    }

    @Test("split by tag, a session's reason counts in each of its tags' segments")
    func perTag() throws {
        let summary = try Scan.summary(Self.log, by: [.tag])
        #expect(summary.segmentReasons[SegmentKey(["vip"])] == ["user_request": 1])
        #expect(
            summary.segmentReasons[SegmentKey([nil], dimensions: [.tag])] == [
                "missing_knowledge": 2, "action_failed": 1, nil: 1, "user_request": 1,
            ])
    }

    @Test("counts with a handoff_reason column give the reasons, per segment too, that the log gives")
    func fromCounts() throws {
        let fromLog = try Scan.summary(Self.log, by: [.intent])
        let fromCounts = try Scan.summary(Self.counts, name: "counts.csv", by: [.intent], format: .counts)
        #expect(fromCounts.reasonsRecorded)
        #expect(fromCounts.overall == fromLog.overall && fromCounts.segments == fromLog.segments)
        #expect(fromCounts.reasons == fromLog.reasons && fromCounts.segmentReasons == fromLog.segmentReasons)
    }

    @Test("counts without a reason column record no reasons")
    func countsWithoutReasons() throws {
        let counts = "intent,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\nreturns,3,2,3,3,0,0,0,0\n"
        let summary = try Scan.summary(counts, name: "counts.csv", by: [.intent], format: .counts)
        #expect(!summary.reasonsRecorded && summary.reasons.isEmpty && summary.segmentReasons.isEmpty)
    }

    @Test("an input without reasons beside one with them: its handoffs count as no reason given, so reasons cover every handoff")
    func mixedInputs() throws {
        let without = "session_id,intent,tags\n8,returns,sys_human_help\n9,returns,\n"
        let summary = try Scan.summary([(Self.log, "a.csv"), (without, "b.csv")], by: [.intent])
        #expect(summary.reasons[nil] == 2)
        #expect(
            summary.segmentReasons[SegmentKey(["returns"])] == [
                "missing_knowledge": 2, "action_failed": 1, nil: 1,
            ])
        #expect(summary.reasons.values.reduce(0, +) == summary.overall.unresolved)
        let alone = try Scan.summary(without, by: [.intent])
        #expect(!alone.reasonsRecorded && alone.reasons.isEmpty && alone.segmentReasons.isEmpty)
        let json = try Scan.summary("{\"session_id\": 1, \"tags\": [\"sys_human_help\"]}\n", name: "a.jsonl")
        #expect(!json.reasonsRecorded && json.reasons.isEmpty)
    }

    @Test("a repeated session skipped is taken out of its segment's reasons")
    func duplicates() throws {
        let repeated = Self.log + "1,refund,sys_human_help,user_request\n"
        let summary = try Scan.summary(repeated, by: [.intent], skipInvalid: true)
        #expect(summary.invalidRows.count == 1)
        #expect(summary.segmentReasons == Self.byIntent)
    }
}
