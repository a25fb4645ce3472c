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
            "Honest numbers for an AI customer-service rollout: rates with confidence intervals, readiness gates, simulation and planning.",
        discussion: """
            Contained rate = 1 − share of sessions tagged sys_human_help; resolution rate = 1 − share tagged \
            sys_human_help or sys_human_follow_up; issue rates P0/P1/P2 over reviewed sessions. Every rate comes \
            with a confidence interval (Wilson, 95 % by default) computed with GNU GSL.

            Exit status: 0 success; 1 not ready (sextant gate); 2 bad input or arguments, or output that cannot be written (with a \
            message saying what to fix); 141, without a message, when standard output is a pipe whose reader \
            has gone (as in sextant … | head). Interrupted by a terminating signal (SIGINT, SIGTERM, SIGHUP, \
            SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGVTALRM, SIGPROF…), Sextant removes the temporary \
            file of an -o output it was writing and ends by that signal (130, 143, 129, 131… in a shell); \
            SIGKILL cannot be caught and may leave that temporary file (.NAME.sextant-XXXX.tmp), never a \
            half-written output. A write beyond the file-size limit (ulimit -f) fails with "File too large".
            """,
        version: version,
        subcommands: [
            ReportCommand.self, ReviewCommand.self, GateCommand.self, SimulateCommand.self, PlanCommand.self, DiffCommand.self,
            CalibrateCommand.self,
            ValidateCommand.self, IntervalCommand.self, SampleSizeCommand.self, TargetsCommand.self,
            SQLCommand.self,
        ]
    )

    /// Runs the command line, mapping every failure to a message on standard error and an exit status:
    /// 2 for bad arguments or input (and output that cannot be written), 141 without a message when
    /// standard output is a pipe whose reader has gone, the command's own status where it sets one.
    static func main() {
        Terminal.prepare()
        do {
            var command = try parseAsRoot()
            if let writer = command as? any WritesOutput { try writer.checkInputs() }
            try command.run()
        } catch {
            fail(error)
        }
    }

    /// Ends the program for `error`: its message on standard error (or, for `--help` and
    /// `--version`, the text on standard output) and its exit status.
    private static func fail(_ error: any Error) -> Never {
        switch error {
        case let error as ExitCode:
            Foundation.exit(error.rawValue)
        case let error as CLIError:
            if !error.quiet { Terminal.error(error.message) }
            Foundation.exit(error.exitCode)
        case let error as IngestError:
            Terminal.error(error.description)
        case let error as IngestErrors:
            for error in error.errors { Terminal.error(error.description) }
        case let error as StatsError:
            Terminal.error(error.description)
        default:
            let text = fullMessage(for: error)
            if exitCode(for: error) == .success {  // --help, --version
                do throws(CLIError) {
                    if !text.isEmpty { try Terminal.standardOutput(text + "\n") }
                } catch {
                    fail(error)
                }
                Foundation.exit(0)
            }
            // The argument parser's "Error: " becomes the prefix of every other error.
            let message = text.hasPrefix("Error: ") ? "sextant: error: " + text.dropFirst("Error: ".count) : text
            Terminal.standardError(Terminal.escaped(message, keepingNewlines: true) + "\n")
        }
        Foundation.exit(2)
    }
}

/// An error for the user, with the exit status it ends the program with.
struct CLIError: Error {
    let message: String
    var exitCode: Int32 = 2
    /// Whether to end without a message (the reader of standard output has gone).
    var quiet = false
}
