import Foundation
import SextantModel
import SextantReport
import SextantStats
import Testing

/// What the reports say at the edges: no data, one of something, large counts, Wald's degenerate
/// answers.
@Suite("Report wording at the edges")
struct WordingTests {
    static func measurement(_ change: (inout LogSummary, inout MeasurementOptions) -> Void) throws -> MeasurementReport {
        var summary = LogSummary()
        summary.inputs = ["header-only.csv"]
        var options = MeasurementOptions()
        change(&summary, &options)
        return MeasurementReport(try Measurement(summary, options: options))
    }

    @Test("a report of zero sessions says there is no data where there is no rate, in every text format")
    func zeroSessions() throws {
        let report = try Self.measurement { _, _ in }
        for format in [OutputFormat.table, .markdown] {
            let text = report.rendered(as: format)
            #expect(!text.contains("never at this rate"), "\(format)")
            // contained, resolution, P0, P1, P2: the five judged metrics, each inconclusive over 0 of 0.
            #expect(text.components(separatedBy: "no data").count - 1 == 5, "\(format): \(text)")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(as: .json).utf8)) as? [String: Any])
        let gaps = try #require(json["gaps"] as? [String: Any])
        let contained = try #require(gaps["contained"] as? [String: Any])
        #expect(contained["sessions_to_conclude"] is NSNull)
    }

    @Test(
        "counts of skipped rows and small segments are in the singular for one and grouped by thousands",
        arguments: [(1, "1 invalid row was skipped"), (100_001, "100,001 invalid rows were skipped")])
    func invalidRows(_ count: Int, _ expected: String) throws {
        let report = try Self.measurement { summary, _ in
            summary.overall = Tally(sessions: 50, humanHelp: 5, unresolved: 9, reviewed: 50, p0: 0, p1: 0, p2: 0, anyIssue: 0)
            summary.invalidRows.record("a.csv:2: bad")
            summary.invalidRows.count = count
        }
        #expect(report.rendered(as: .table).contains(expected))
    }

    @Test("small segments are counted with their noun, and the threshold with separators")
    func smallSegments() throws {
        for segments in [1, 2] {
            let report = try Self.measurement { summary, options in
                summary.dimensions = [.intent]
                for i in 0..<segments {
                    let tally = Tally(sessions: 50, humanHelp: 5, unresolved: 9, reviewed: 50, p0: 0, p1: 0, p2: 0, anyIssue: 0)
                    summary.segments[SegmentKey(["intent-\(i)"])] = tally
                    summary.overall.add(tally)
                }
                options.smallSegment = 1000
            }
            let text = report.rendered(as: .table)
            let expected =
                segments == 1
                ? "1 segment with fewer than 1,000 sessions: its interval is wide; read it with care."
                : "2 segments with fewer than 1,000 sessions: their intervals are wide; read them with care."
            #expect(text.contains(expected), "\(text)")
            #expect(text.contains("small (< 1,000)"))
        }
    }

    @Test("Wald's answers come with a note that its interval collapses, and the others without")
    func waldNote() throws {
        let wald = SampleSizeReport.showRate(
            rate: 0.8, threshold: 0.75, power: 0.8, method: .wald, confidence: 0.95, sessions: 1, scoreTestSessions: 441)
        let text = wald.rendered(as: .table)
        #expect(text.hasPrefix("With 1 session, a true rate"))
        #expect(text.contains("Wald's interval") && text.contains("collapses") && text.contains("use --method wilson"))
        let zero = SampleSizeReport.zeroIssues(
            ceiling: 0.001, method: .wald, confidence: 0.95, reviewedSessions: 1, oneSidedExact: 2995, ruleOfThree: 2996)
        #expect(zero.rendered(as: .markdown).contains("collapses"))
        #expect(zero.rendered(as: .table).hasPrefix("1 reviewed session with no issue gives"))
        let wilson = SampleSizeReport.zeroIssues(
            ceiling: 0.001, method: .wilson, confidence: 0.95, reviewedSessions: 3838, oneSidedExact: 2995, ruleOfThree: 2996)
        #expect(!wilson.rendered(as: .table).contains("collapses"))
        // The machine-read forms keep their keys: the note is for people.
        #expect(!wald.rendered(as: .csv).contains("collapses") && !wald.rendered(as: .json).contains("collapses"))
    }
}
