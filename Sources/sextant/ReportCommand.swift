import ArgumentParser
import Foundation
import SextantIngest
import SextantModel
import SextantReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Metrics of session logs with confidence intervals, gaps to target, top handoff reasons and segments.",
        discussion: """
            Reads CSV or JSON Lines logs (gzip too, - for standard input) in one streaming pass, or pre-aggregated \
            counts (--input-format counts). Columns: session_id and tags (required); started_at, issues, reviewed, \
            workflow, intent, channel, handoff_reason (optional). Every malformed value stops with file:line:column \
            and exit status 2, unless --skip-invalid counts it instead.

            Each rate is judged against the target row of --workflow (or the log's only workflow): below, \
            inconclusive, met or above, with the gap in points, the probability the true rate reaches the floor, \
            and how many more sessions would settle an inconclusive verdict. Issue rates are judged by their upper \
            bound against ceilings that are Sextant's defaults (a --targets file overrides any value).

            Examples:
              sextant report samples/sessions.csv
              sextant report samples/sessions.csv --by week --workflow service-ecommerce
              sextant report export.csv.gz --map tags=labels,started_at=created_at --by intent --by channel
              sextant report counts.csv --input-format counts --by week --format json -o report.json
              zcat big.jsonl.gz | sextant report - --input-format jsonl --skip-invalid --format markdown
            """
    )

    @OptionGroup var input: LogOptions

    @Option(help: "Segment by week, intent, channel, workflow or tag (repeat for a two- or three-way split).")
    var by: [SegmentDimension] = []

    @Option(parsing: .unconditional, help: "How many handoff reasons to list before grouping the rest.")
    var top = 10

    @Option(name: .customLong("small-segment"), parsing: .unconditional, help: "Flag segments with fewer sessions than this.")
    var smallSegment = 100

    @OptionGroup var judgement: JudgementOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top \(top) must be at least 1") }
        guard smallSegment >= 0 else { throw ValidationError("--small-segment \(smallSegment) must be at least 0") }
    }

    func run() throws {
        var options = MeasurementOptions()
        try judgement.apply(to: &options, topReasons: top)
        options.smallSegment = smallSegment
        let summary = try input.scan(by: by)
        let measurement = try Measurement(summary, options: options)
        try output.emit(MeasurementReport(measurement))
    }
}
