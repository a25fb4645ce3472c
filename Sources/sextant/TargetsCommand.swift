import ArgumentParser
import SextantModel
import SextantReport

extension Workflow: ExpressibleByArgument {}

struct TargetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "The built-in target table: contained and resolution ranges per workflow, issue-rate ceilings.",
        discussion: """
            The contained and resolution ranges are the seed's recommended targets (its Success Metrics guidance). The seed \
            gives service as one range; Sextant splits it at its midpoint, eCommerce taking the upper half and \
            technology the lower. The issue-rate ceilings are Sextant's own defaults: the seed gives no numbers. \
            Metrics, targets and verdicts: Sources/SextantModel/SextantModel.docc/MetricsAndTargets.md.

            Examples:
              sextant targets
              sextant targets --workflow service-ecommerce --format json
            """
    )

    @Option(help: "Show one workflow: \(Workflow.allCases.map(\.rawValue).joined(separator: ", ")).")
    var workflow: Workflow?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let workflows = workflow.map { [$0] } ?? Workflow.allCases
        try output.emit(TargetsReport(rows: workflows.map(Targets.recommended(for:))))
    }
}
