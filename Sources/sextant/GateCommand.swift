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
              version: 1
              confidence: 0.95              # default 0.95
              method: wilson                # default wilson
              min_sessions: 1000            # AI sessions in the window
              min_reviewed: 200             # reviewed sessions in the window
              contained: {floor: 0.80}      # a number, or target
              resolution: {floor: target}
              issues:
                P0: {ceiling: 0.001}        # also P1, P2 and any
                P1: {ceiling: 0.01}
              window_weeks: 4               # absent: all the data
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

    @Option(help: ArgumentHelp("The gate policy (YAML). Optional when flags give the criteria.", valueName: "FILE"))
    var policy: String?

    @Option(name: .customLong("min-sessions"), parsing: .unconditional, help: "The fewest AI sessions in the window.")
    var minSessions: Int?

    @Option(name: .customLong("min-reviewed"), parsing: .unconditional, help: "The fewest reviewed sessions in the window.")
    var minReviewed: Int?

    @Option(
        name: .customLong("contained-floor"),
        parsing: .unconditional,
        help: ArgumentHelp(
            "The contained rate's lower bound must reach this: a number from 0 to 1, or target.", valueName: "FLOOR"))
    var containedFloor: String?

    @Option(
        name: .customLong("resolution-floor"),
        parsing: .unconditional,
        help: ArgumentHelp(
            "The resolution rate's lower bound must reach this: a number from 0 to 1, or target.", valueName: "FLOOR"))
    var resolutionFloor: String?

    @Option(
        name: .customLong("ceiling"),
        help: ArgumentHelp(
            "An issue rate's upper bound must stay at most this: P0=0.001 (P0, P1, P2 or any; repeatable or comma-separated).",
            valueName: "RATE=CEILING"))
    var ceilings: [String] = []

    @Option(
        name: .customLong("window-weeks"), parsing: .unconditional,
        help: "Judge only the last N calendar weeks ending with the latest week in the logs.")
    var windowWeeks: Int?

    @Option(
        help:
            "Interval method: \(IntervalMethod.allCases.map(\.rawValue).joined(separator: ", ")) (default: the policy's, else wilson)."
    )
    var method: IntervalMethod?

    @Option(parsing: .unconditional, help: "Confidence level, strictly between 0 and 1 (default: the policy's, else 0.95).")
    var confidence: Double?

    @Option(
        help: "The workflow whose target floors `target` means: \(Workflow.allCases.map(\.rawValue).joined(separator: ", ")).")
    var workflow: Workflow?

    @Option(help: ArgumentHelp("A YAML file overriding target values (see sextant report --help).", valueName: "FILE"))
    var targets: String?

    @Flag(name: .customLong("no-intents"), help: "Judge only the whole log, not each intent.")
    var noIntents = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let confidence, !(confidence > 0 && confidence < 1) {
            throw ValidationError("--confidence \(confidence) is not strictly between 0 and 1; use e.g. 0.95")
        }
        for (flag, value) in [("--min-sessions", minSessions), ("--min-reviewed", minReviewed)] {
            if let value, value < 0 {
                throw ValidationError("\(flag) \(value) is negative; expected a whole number of at least 0")
            }
        }
        if let windowWeeks, windowWeeks < 1 {
            throw ValidationError("--window-weeks \(windowWeeks) is not a number of weeks; expected 1 or more")
        }
        _ = try Self.floor(containedFloor, flag: "--contained-floor")
        _ = try Self.floor(resolutionFloor, flag: "--resolution-floor")
        _ = try Self.ceilings(ceilings)
    }

    func run() throws {
        var policy = GatePolicy()
        if let path = self.policy {
            policy = try GatePolicyFile.parse(ScenarioLoading.readYAML(path, what: "gate policy"), file: path)
        }
        if let confidence { policy.confidence = confidence }
        if let method { policy.method = method }
        if let minSessions { policy.minSessions = minSessions }
        if let minReviewed { policy.minReviewed = minReviewed }
        if let floor = try Self.floor(containedFloor, flag: "--contained-floor") { policy.contained = floor }
        if let floor = try Self.floor(resolutionFloor, flag: "--resolution-floor") { policy.resolution = floor }
        policy.ceilings.merge(try Self.ceilings(ceilings)) { $1 }
        if let windowWeeks { policy.windowWeeks = windowWeeks }
        guard policy.judgesSomething else {
            throw CLIError(
                message: (self.policy.map { "\($0): judges nothing; " } ?? "no criteria; ")
                    + "give a policy file (--policy FILE) or criteria such as --min-sessions, --contained-floor or --ceiling P0=0.001"
            )
        }
        var overrides = TargetOverrides()
        if let targets {
            overrides = try TargetsFile.parse(ScenarioLoading.readYAML(targets, what: "targets file"), file: targets)
        }

        let summary: LogSummary
        do {
            summary = try input.scan(by: GateEvaluation.dimensions(for: policy, perIntent: !noIntents))
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

    /// A floor given as a flag: a probability, or `target`.
    static func floor(_ text: String?, flag: String) throws -> GateFloor? {
        guard let text else { return nil }
        if text == "target" { return .targetFloor }
        guard let value = Double(text), value >= 0, value <= 1 else {
            throw ValidationError("\(flag) \(text): expected a number from 0 to 1, or target for the workflow's target floor")
        }
        return .value(value)
    }

    /// Ceilings given as `RATE=CEILING` pairs, several to a flag separated by commas.
    static func ceilings(_ pairs: [String]) throws -> [Metric: Double] {
        var ceilings: [Metric: Double] = [:]
        for pair in pairs.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard parts.count == 2, let metric = Metric.issueRates.first(where: { $0.rawValue.lowercased() == name.lowercased() })
            else {
                throw ValidationError("--ceiling \(pair): expected RATE=CEILING with RATE one of P0, P1, P2, any, e.g. P0=0.001")
            }
            guard let value = Double(parts[1].trimmingCharacters(in: .whitespaces)), value >= 0, value <= 1 else {
                throw ValidationError("--ceiling \(pair): the ceiling is not a probability; expected a number from 0 to 1")
            }
            ceilings[metric] = value
        }
        return ceilings
    }
}

extension GateCommand: WritesOutput {
    var inputFiles: [String] { input.logs + [input.mapFile, policy, targets].compactMap { $0 } }
}
