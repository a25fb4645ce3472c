import ArgumentParser
import Foundation
import SextantIngest
import SextantModel
import SextantReport

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a scenario to an observed log: every parameter as a Beta posterior, with where it came from.",
        discussion: """
            Reads the logs (CSV, JSON Lines, gzip, standard input, or counts with a handoff_reason column) by intent and \
            ISO week, and writes a scenario (-o) that validates and that `sextant simulate` and `sextant plan` take: the \
            log's workflow (or --workflow), its weeks, the week-1 volume and weekly growth of a log-linear trend of the \
            weekly volumes, the review rate, each intent's share of the sessions, and each intent's parameters.

            Each stage of the session tree the log sees is a count of the sessions that reached it: human_request from \
            user_request; (1 − knowledge_coverage)·gap_escalation from missing_knowledge; (1 − instruction_coverage)·\
            gap_escalation from unknown_scenario; action_need·(1 − action_coverage) and the failures after it from \
            action_unavailable and action_failed; premature_handoff from premature_handoff; the issue rate from the \
            reviewed sessions; the severity split from the severities seen. Each is a Beta posterior under the Jeffreys \
            prior Beta(1/2, 1/2). gap_escalation, action_need and conflicting_assets are not identified by a log: they \
            come from --prior (a scenario file: its intent of the same name, else its defaults) or else the calibration \
            defaults (1, 1 and 0), and the parameters they split are derived draw by draw and written as moment-matched \
            Betas. The file says, beside every value, where it came from.

            Handoff reasons that are not codes are mapped with --reasons FILE (YAML: version: 1, then reasons: with a \
            list of texts, or {contains: text}, under each code) or counted as unexplained: they still count in the \
            rates, split as the intent's coded reasons (else as --prior's tree, else all on human_request and \
            premature_handoff), and the output says how many. A log without reasons identifies only the shares and \
            the rates, and the output says so. The article Sources/SextantModel/SextantModel.docc/CalibratingFromLogs.md \
            says which parameters each column identifies.

            --check simulates the fitted scenario (--replications, --seed) and places each intent's observed weekly \
            contained and resolution rates in the simulated distribution: a two-sided posterior predictive p-value per \
            cell, flagged below --level, and per intent a chi-square test of whether its weekly rates changed.

            The report (what was fitted, and the check) goes to standard output in --format; with -o - the scenario \
            goes there and the report to standard error.

            Examples:
              sextant calibrate samples/sessions.csv -o calibrated.yaml
              sextant calibrate samples/sessions.csv --reasons samples/reason-mapping.yaml -o calibrated.yaml --check
              sextant calibrate counts.csv --input-format counts --prior scenarios/service-ecommerce.yaml -o fitted.yaml
              zcat sessions.csv.gz | sextant calibrate - --input-format csv -o - > fitted.yaml
            """
    )

    @OptionGroup var input: LogOptions

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp(
            "Write the scenario to FILE, atomically (- for standard output; an input is refused).", valueName: "FILE"))
    var destination: String

    @Option(
        help: ArgumentHelp("A scenario whose distributions are the prior of what the log cannot identify.", valueName: "SCENARIO")
    )
    var prior: String?

    @Option(help: ArgumentHelp("A reason mapping (YAML) from free-text handoff reasons to reason codes.", valueName: "FILE"))
    var reasons: String?

    @Option(
        help:
            "The workflow: \(Workflow.allCases.map(\.rawValue).joined(separator: ", ")) (default: the log's only one, else service)."
    )
    var workflow: Workflow?

    @Option(help: "The scenario's name (default: the output file's name without its extension).")
    var name: String?

    @Flag(help: "Simulate the fitted scenario and check each intent's weekly rates against it.")
    var check = false

    @Option(parsing: .unconditional, help: "Replications of the check (1 to 100,000).")
    var replications = 1000

    @Option(
        parsing: .unconditional, help: "The seed of the fit's draws, written in the scenario, and of the check.",
        transform: SimulateCommand.seed(from:))
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "The p-value below which the check flags a cell or an intent.")
    var level = 0.05

    @Option(name: .long, help: "Report format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .table

    func validate() throws {
        guard (1...100_000).contains(replications) else {
            throw ValidationError("--replications \(replications) is out of range; expected 1 to 100,000")
        }
        guard level > 0, level < 1 else {
            throw ValidationError("--level \(level) is not strictly between 0 and 1; use e.g. 0.05")
        }
        if let name, name.allSatisfy(\.isWhitespace) { throw ValidationError("--name is empty; expected a name") }
    }

    func run() throws {
        let priorFile = try prior.map { path in
            try ScenarioFile(yaml: ScenarioLoading.readYAML(path, what: "prior scenario"), file: path)
        }
        let mapping = try reasons.map { path in
            try ReasonMapping.parse(ScenarioLoading.readYAML(path, what: "reason mapping"), file: path)
        }
        let summary = try scan()
        var options = CalibrationOptions()
        options.name = name ?? defaultName
        options.workflow = workflow
        options.seed = seed
        if let mapping { options.reasonCode = { mapping.code(for: $0) } }
        if let priorFile, let path = prior {
            let scenario = try priorFile.scenario()
            let defaults = priorFile.defaults
            options.prior = CalibrationPrior(
                source: path, intents: scenario.intents,
                fallback: IntentSpec(name: "", share: 0, parameters: defaults.parameters, severity: defaults.severity ?? .minor))
        }
        let calibration: Calibration
        do {
            calibration = try Calibration.fit(summary, options: options)
        } catch {
            throw CLIError(message: "\(input.logs.joined(separator: ", ")): \(error.message)")
        }
        let file = ScenarioFile(calibration, inputs: input.logs)
        let yaml = file.yaml()
        guard yaml.utf8.count <= YAMLLimits.maximumBytes else {
            throw CLIError(
                message: "the fitted scenario of \(Format.count(calibration.intents.count, "intent")) would be "
                    + "\(Format.count(yaml.utf8.count, "byte")), over the \(Format.count(YAMLLimits.maximumBytes, "byte")) "
                    + "a scenario file may hold; calibrate fewer or shorter-named intents (filter the log, or --map intent=COLUMN)"
            )
        }
        do {
            _ = try ScenarioFile.parse(yaml, file: destination)
        } catch {
            throw CLIError(
                message:
                    "the fitted scenario does not validate (please report this): \(error.errors.map(\.description).joined(separator: "; "))"
            )
        }
        var checked: PredictiveCheck?
        if check {
            let values = replications * calibration.scenario.intents.count * calibration.scenario.weeks * 2
            guard values <= PredictiveCheck.maximumValues else {
                throw CLIError(
                    message: "--check would keep \(Format.count(values, "rate")) (replications × intents × weeks × 2), more than "
                        + "\(Format.count(PredictiveCheck.maximumValues)); use fewer --replications")
            }
            let progress = Progress(enabled: !input.quiet)
            let total = replications
            checked = PredictiveCheck.run(calibration, replications: replications, seed: seed, level: level) { done in
                progress.report(Progress.replications(done, of: total))
            }
            progress.clear()
        }
        let report = CalibrationReport(calibration, output: destination, check: checked)
        if destination == "-" || destination == "/dev/stdout" {
            try Terminal.standardOutput(yaml)
            if !input.quiet { Terminal.standardError(report.rendered(as: .table)) }
        } else {
            try OutputFile.write(yaml, to: destination)
            try Terminal.standardOutput(report.rendered(as: format))
        }
    }

    /// The output file's name without folder and extension, or `calibrated`.
    private var defaultName: String {
        let base = destination.split(separator: "/").last.map(String.init) ?? destination
        let stem = base.split(separator: ".").first.map(String.init) ?? base
        return destination == "-" || stem.isEmpty ? "calibrated" : stem
    }

    /// The logs by intent and week; a log without an intent or a week column (`intent`,
    /// `started_at`, or a counts log's `intent`, `week`) is read again without that dimension (not
    /// from standard input, which can be read once).
    private func scan() throws -> LogSummary {
        var dimensions: [SegmentDimension] = [.intent, .week]
        while true {
            do {
                return try input.scan(by: dimensions)
            } catch let error as IngestError {
                let missing: SegmentDimension? =
                    switch error.hint {
                    case .segmentColumn(let dimension)?: dimension
                    case .mapColumn(.intent)?: .intent
                    case .mapColumn(.startedAt)?: .week
                    default: nil
                    }
                guard let missing, dimensions.contains(missing), !input.logs.contains("-") else { throw error }
                dimensions.removeAll { $0 == missing }
            }
        }
    }
}

extension CalibrateCommand: WritesOutput {
    static var outputKind: OutputKind { .scenario }

    var output: OutputOptions { OutputOptions(writingTo: destination) }

    var inputFiles: [String] { input.logs + [input.mapFile, prior, reasons].compactMap { $0 } }
}
