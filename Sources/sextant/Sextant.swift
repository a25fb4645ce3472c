import ArgumentParser
import Foundation
import SextantIngest
import SextantStats

/// The `sextant` command: measurement, simulation and planning for AI customer-service rollouts.
@main
struct Sextant: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "sextant",
        abstract:
            "Honest numbers for an AI customer-service rollout: rates with confidence intervals, gaps to target, sample sizes.",
        discussion: """
            Contained rate = 1 − share of sessions tagged sys_human_help; resolution rate = 1 − share tagged \
            sys_human_help or sys_human_follow_up; issue rates P0/P1/P2 over reviewed sessions. Every rate comes \
            with a confidence interval (Wilson, 95 % by default) computed with GNU GSL.

            Exit status: 0 success, 2 bad input or arguments (with a message saying what to fix).
            """,
        version: version,
        subcommands: [
            ReportCommand.self, SimulateCommand.self, ValidateCommand.self, IntervalCommand.self, SampleSizeCommand.self,
            TargetsCommand.self,
        ]
    )

    /// Runs the command line, mapping every failure to a message on standard error and an exit status:
    /// 2 for bad arguments or input, the command's own status where it sets one.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch let error as CLIError {
            Terminal.error(error.message)
            Foundation.exit(error.exitCode)
        } catch let error as IngestError {
            Terminal.error(error.description)
            Foundation.exit(2)
        } catch let error as IngestErrors {
            for error in error.errors { Terminal.error(error.description) }
            Foundation.exit(2)
        } catch let error as StatsError {
            Terminal.error(error.description)
            Foundation.exit(2)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }  // --help, --version
            Terminal.standardError(fullMessage(for: error) + "\n")
            Foundation.exit(2)
        }
    }
}

/// An error for the user, with the exit status it ends the program with.
struct CLIError: Error {
    let message: String
    var exitCode: Int32 = 2
}

/// Writing to the terminal's streams.
enum Terminal {
    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func error(_ message: String) {
        standardError("sextant: error: \(message)\n")
    }
}
