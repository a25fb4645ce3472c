import ArgumentParser
import Foundation
import SextantIngest
import SextantModel
import SextantReport
import SextantStats

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Auto-Pilot readiness: judge session logs against a gate policy (exit 0 ready, 1 not ready).",
        discussion: """
            Judges the sessions of the policy's window against each criterion: at least min_sessions AI sessions and \
            min_reviewed reviewed sessions; contained and resolution rates whose interval's lower bound is at least a \
            floor (a number, or target: the floor of the workflow's target row, from --workflow or the log's only \
            workflow, else service); issue rates whose upper bound is at most a ceiling — P0 too when no P0 issue was \
            seen, so a small sample cannot pass by luck. A rate without data fails. A criterion the policy leaves out \
            is not judged.

            The window is the last window_weeks calendar weeks (ISO weeks, Monday to Sunday) ending with the latest \
            week in the logs: a week without sessions still counts as one of them. Without window_weeks every session \
            is judged. The whole log decides the verdict and the exit status; each intent is also judged on its own \
            sessions by the same criteria, to show which intents are ready now (--no-intents skips that, e.g. for \
            counts without an intent column).

            The policy file (YAML; the criteria it leaves out are not judged):
            \(PolicyOptions.fileFormat)
            Flags override the file's values; with criteria given as flags no file is needed.

            Exit status: 0 ready; 1 not ready; 2 bad input or a bad policy (file:line:column and key path, e.g. \
            issues.P0.ceiling: 1.3 is not a probability).

            Examples:
              sextant gate samples/sessions.csv --policy scenarios/gate-policy.yaml
              sextant gate week.csv --policy gate.yaml --window-weeks 2 --format json
              sextant gate counts.csv --input-format counts --min-sessions 500
              sextant gate export.jsonl.gz --policy gate.yaml --ceiling P1=0.02,P2=0.05
              sextant gate log.csv --contained-floor target --ceiling P0=0.001
              sextant gate log.csv --policy gate.yaml --method clopper-pearson -o gate.md
              sextant gate logs/*.csv --policy gate.yaml --quiet && echo "Auto-Pilot: go"
            """
    )

    @OptionGroup var input: LogOptions

    @OptionGroup var gate: PolicyOptions

    @Option(
        help: "The workflow whose target floors `target` means: \(Workflow.allCases.map(\.rawValue).joined(separator: ", ")).")
    var workflow: Workflow?

    @Option(help: ArgumentHelp("A YAML file overriding target values (see sextant report --help).", valueName: "FILE"))
    var targets: String?

    @Flag(name: .customLong("no-intents"), help: "Judge only the whole log, not each intent.")
    var noIntents = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let policy = try gate.resolved()
        guard policy.judgesSomething else {
            throw CLIError(
                message: (gate.policy.map { "\($0): judges nothing; " } ?? "no criteria; ")
                    + "give a policy file (--policy FILE) or criteria such as --min-sessions, --contained-floor or --ceiling P0=0.001"
            )
        }
        var overrides = TargetOverrides()
        if let targets {
            overrides = try TargetsFile.parse(ScenarioLoading.readYAML(targets, what: "targets file"), file: targets)
        }

        let summary: LogSummary
        do {
            // The gate renders intents, not week × intent segments: the library's larger bound applies.
            summary = try input.scan(
                by: GateEvaluation.dimensions(for: policy, perIntent: !noIntents), segmentLimit: LogScanner.defaultSegmentLimit)
        } catch var error as IngestError {
            switch error.hint {
            case .segmentColumn(.intent)?: error.message += "; or pass --no-intents to judge the whole log only"
            case .segmentColumn(.week)?: error.message += ", which a window of weeks (window_weeks) needs"
            default: break
            }
            throw error
        }
        let evaluation: GateEvaluation
        do throws(ModelErrors) {
            evaluation = try GateEvaluation(summary, policy: policy, workflow: workflow, overrides: overrides)
        } catch {
            let place = input.logs.joined(separator: ", ")
            throw CLIError(message: error.errors.map { "\(place): \($0.description)" }.joined(separator: "\n"))
        }
        try output.emit(GateReport(evaluation))
        if !evaluation.ready { throw ExitCode(1) }
    }
}

extension GateCommand: WritesOutput {
    var inputFiles: [String] { input.logs + [input.mapFile, gate.policy, targets].compactMap { $0 } }
}
