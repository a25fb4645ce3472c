import ArgumentParser
import SextantModel
import SextantReport

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two scenario files, and what it does to the expected rates.",
        discussion: """
            Compares two scenarios key by key — traffic, review rate, each intent's share, Auto-Pilot switch and \
            parameters (as the intent resolves them, defaults applied), stages and improvements — and shows the \
            exact expected contained, resolution and issue rates and total automation of each, with the change in \
            percentage points, overall and for each intent whose rates move. Markdown output is fit for a \
            pull-request comment. Exit status 0 whether or not they differ, 2 for a bad file.

            Examples:
              sextant diff scenarios/service-ecommerce.yaml proposed.yaml
              sextant diff scenarios/service-ecommerce.yaml proposed.yaml --format markdown -o diff.md
              sextant diff old.yaml new.yaml --format json
            """
    )

    @Argument(help: ArgumentHelp("The scenario before (YAML).", valueName: "OLD"))
    var old: String

    @Argument(help: ArgumentHelp("The scenario after (YAML).", valueName: "NEW"))
    var new: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let diff = ScenarioDiff(try ScenarioLoading.load(old), try ScenarioLoading.load(new))
        try output.emit(DiffReport(diff, old: old, new: new))
    }
}

extension DiffCommand: WritesOutput {
    var inputFiles: [String] { [old, new] }
}
