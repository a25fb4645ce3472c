import ArgumentParser
import SextantIngest
import SextantModel
import SextantReport

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files and report every problem at once.",
        discussion: """
            Each problem names the file, line, column and key path and says what was found and what was expected: \
            intents[2].knowledge_coverage: 1.3 is not a probability. With --format json each problem keeps its line, \
            column and key path as fields. Exit status 0 when every file is valid, 2 otherwise.

            Examples:
              sextant validate scenarios/*.yaml
              sextant validate my-rollout.yaml --format json
            """
    )

    @Argument(help: ArgumentHelp("Scenario files (YAML); - reads one from standard input.", valueName: "SCENARIO"))
    var scenarios: [String]

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !scenarios.isEmpty else { throw ValidationError("give at least one scenario file") }
    }

    func run() throws {
        var results: [ValidationReport.File] = []
        var messages: [String] = []
        for path in scenarios {
            do {
                let scenario = try ScenarioLoading.load(path)
                results.append(.init(path: path, scenario: scenario, problems: []))
            } catch let error as IngestErrors {
                messages += error.errors.map(\.description)
                let problems = error.errors.map {
                    ValidationReport.Problem(line: $0.line, column: $0.column, keyPath: $0.keyPath, message: $0.message)
                }
                results.append(.init(path: path, scenario: nil, problems: problems))
            } catch let error as CLIError {
                messages.append(error.message)
                let message =
                    error.message.hasPrefix("\(path): ") ? String(error.message.dropFirst(path.count + 2)) : error.message
                results.append(.init(path: path, scenario: nil, problems: [.init(message: message)]))
            }
        }
        let report = ValidationReport(files: results)
        if [.table, .markdown, .html].contains(output.format) {
            // Problems go to standard error, like every other input error; the summary to the output.
            for message in messages { Terminal.error(message) }
        }
        try output.emit(report)
        if results.contains(where: { !$0.problems.isEmpty }) { throw ExitCode(2) }
    }
}
