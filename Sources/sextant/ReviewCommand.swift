import ArgumentParser
import Foundation
import SextantIngest
import SextantModel
import SextantReport

/// How `sextant review` splits the sessions besides weeks.
enum ReviewSplit: String, CaseIterable, ExpressibleByArgument {
    /// A review per intent.
    case intent
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract:
            "The weekly review: each ISO week's rates against target, the change against the previous week and whether it is real, control limits, top handoff reasons and the changes made.",
        discussion: """
            Reads the same logs as sextant report (CSV or JSON Lines, gzip, - for standard input, or counts with a \
            week column); every session needs a started_at date, whose ISO week (Monday to Sunday) it counts in.

            For every week from the first to the latest in the log (or the last --weeks N): sessions, reviewed \
            sessions, the contained and resolution rates and the P0, P1, P2 and any-issue rates, each with its \
            interval and its verdict against the targets of --workflow (see sextant report --help). Then:

              change against the previous week   this week's rate minus the previous week's, with Newcombe's \
            hybrid score interval and the two-sided pooled z-test p-value: "improved" or "worsened" when p is below \
            1 − confidence (5 % by default), else "noise"
              control limits (p-chart)           centre = the rate pooled over the weeks shown, limits = centre ± 3 \
            standard errors at the week's sessions (reviewed sessions for issue rates); a week outside its limits is a \
            signal
              handoff reasons                    the latest week's top reasons (--top), their share of each week's \
            sessions, and the improvement each calls for

            A week without sessions between two weeks with sessions is shown as no data; the week after it is \
            compared with the last week that had sessions. --by intent adds the same review for each intent.

            The changes file (--changes, YAML) lists what the team changed; each change is shown in its week, with \
            the rates from its week on (up to the next change) against the rates before it (from the previous change):
              version: 1
              changes:
                - date: 2026-03-16        # the day it took effect
                  area: assets            # instructions, assets, actions or routing
                  what: Return-policy articles added
                  intent: returns         # optional: the intent it was aimed at

            Examples:
              sextant review samples/sessions.csv
              sextant review samples/sessions.csv --changes samples/changes.yaml --weeks 4
              sextant review samples/sessions.csv --by intent --format markdown -o review.md
              sextant review export.jsonl.gz --map started_at=created_at --workflow service-ecommerce --format json
              sextant review counts.csv --input-format counts --top 3 --format csv
            """
    )

    @OptionGroup var input: LogOptions

    @Option(parsing: .unconditional, help: "Review the last N ISO weeks, ending with the latest week in the logs.")
    var weeks: Int?

    @Option(help: "Add a review per intent (intent is the only choice).")
    var by: [ReviewSplit] = []

    @Option(help: ArgumentHelp("A YAML file of the changes made (date, area, what; see above).", valueName: "FILE"))
    var changes: String?

    @Option(parsing: .unconditional, help: "How many handoff reasons each week lists and the trend follows.")
    var top = 5

    @OptionGroup var judgement: JudgementOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let weeks, !(1...WeeklyReviewOptions.maximumWeeks).contains(weeks) {
            throw ValidationError("--weeks \(weeks) must be from 1 to \(WeeklyReviewOptions.maximumWeeks)")
        }
        guard top >= 1 else { throw ValidationError("--top \(top) must be at least 1") }
        guard by.count <= 1 else { throw ValidationError("--by intent is given more than once") }
    }

    func run() throws {
        var options = WeeklyReviewOptions()
        try judgement.apply(to: &options, topReasons: top)
        options.weeks = weeks
        options.closestIntent = { NameSuggestion.closest(to: $0, among: $1) }
        if let changes {
            options.changes = try ChangesFile.parse(ScenarioLoading.readYAML(changes, what: "changes file"), file: changes)
        }
        let summary: LogSummary
        do {
            summary = try input.scan(by: by.isEmpty ? [.week] : [.week, .intent])
        } catch var error as IngestError {
            switch error.hint {
            case .segmentColumn(.week)?, .mapColumn(.startedAt)?:
                error.message += "; the weekly review needs each session's ISO week"
            case .segmentColumn(.intent)?: error.message += "; or review without --by intent"
            default: break
            }
            throw error
        }
        let review: WeeklyReview
        do throws(ModelError) {
            review = try WeeklyReview(summary, options: options)
        } catch {
            throw CLIError(message: input.logs.joined(separator: ", ") + ": " + error.description)
        }
        let report = ReviewReport(review)
        for warning in report.warnings() { Terminal.standardError("sextant: warning: \(Terminal.escaped(warning))\n") }
        try output.emit(report)
    }
}

extension ReviewCommand: WritesOutput {
    var inputFiles: [String] { input.logs + [input.mapFile, judgement.targets, changes].compactMap { $0 } }
}
