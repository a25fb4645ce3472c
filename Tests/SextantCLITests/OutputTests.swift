import Foundation
import Testing

/// Where the output goes: standard output that cannot be written, and `-o` files that must never
/// lose data or leave debris.
@Suite("writing output (end to end)")
struct OutputTests {
    static let scenario = ScenarioCommandTests.scenarios.appendingPathComponent("service-ecommerce.yaml").path

    /// A word quoted for /bin/sh.
    static func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static let commands: [[String]] = [
        ["targets"], ["interval", "--count", "37", "--total", "50"], ["sample-size", "--ceiling", "0.001"],
        ["report", ReportTests.fixture("features.csv"), "--format", "json"],
        ["simulate", scenario, "--replications", "20", "--quiet"], ["validate", scenario], ["--help"], ["report", "--help"],
    ]

    @Test("standard output on a full disk is one error line and exit status 2, never a crash", arguments: commands)
    func fullDisk(arguments: [String]) throws {
        let command = (["\"$SEXTANT\""] + arguments.map(Self.quoted)).joined(separator: " ")
        let result = try CLI.shell("\(command) > /dev/full; echo \"status=$?\" >&2")
        #expect(result.stderr == "sextant: error: cannot write to standard output: No space left on device\nstatus=2\n")
    }

    @Test("a closed standard output is one error line and exit status 2")
    func closedOutput() throws {
        let result = try CLI.shell("\"$SEXTANT\" targets >&-; echo \"status=$?\" >&2")
        #expect(result.stderr == "sextant: error: cannot write to standard output: Bad file descriptor\nstatus=2\n")
    }

    @Test("a pipe whose reader has gone ends quietly with status 141, as SIGPIPE would")
    func brokenPipe() throws {
        let result = try CLI.shell("{ sleep 0.5; \"$SEXTANT\" targets; echo \"status=$?\" >&2; } | true")
        #expect(result.stderr == "status=141\n")
    }

    @Test("with standard error closed too, a failed write still ends with status 2, not a crash")
    func closedErrors() throws {
        let write = try CLI.shell("\"$SEXTANT\" targets > /dev/full 2>&-; echo \"status=$?\"")
        #expect(write.stdout == "status=2\n")
        let arguments = try CLI.shell("\"$SEXTANT\" interval --count x --total 3 2>&-; echo \"status=$?\"")
        #expect(arguments.stdout == "status=2\n")
    }

    // MARK: -o

    /// A folder holding a copy of the features log, a targets file and a scenario.
    static func inputs() throws -> URL {
        let folder = try CLI.temporaryDirectory()
        try FileManager.default.copyItem(
            at: ReportTests.fixtures.appendingPathComponent("features.csv"), to: folder.appendingPathComponent("in.csv"))
        try "version: 1\ncontained: {floor: 0.5}\n".write(
            to: folder.appendingPathComponent("targets.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: scenario), to: folder.appendingPathComponent("s.yaml"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("link.csv").path, withDestinationPath: "in.csv")
        try FileManager.default.linkItem(
            at: folder.appendingPathComponent("in.csv"), to: folder.appendingPathComponent("hard.csv"))
        return folder
    }

    @Test(
        "an output that is one of the inputs is refused, by any name, and the input is untouched",
        arguments: [
            "report in.csv -o in.csv", "report in.csv -o ./in.csv", "report in.csv -o FOLDER/in.csv", "report in.csv -o link.csv",
            "report link.csv -o in.csv", "report in.csv -o hard.csv", "report - --input-format csv -o in.csv < in.csv",
            "report in.csv --targets targets.yaml -o targets.yaml", "simulate s.yaml --replications 5 -o s.yaml",
            "validate s.yaml -o s.yaml",
        ])
    func outputIsAnInput(command: String) throws {
        let folder = try Self.inputs()
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let contents = try before.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
        let script = "\"$SEXTANT\" " + command.replacingOccurrences(of: "FOLDER", with: Self.quoted(folder.path))
        let result = try CLI.shell(script + "; echo \"status=$?\" >&2", in: folder)
        #expect(result.stderr.hasPrefix("sextant: error: -o "), "\(result.stderr)")
        #expect(result.stderr.contains("writing there would replace it with the output; choose another file"))
        #expect(result.stderr.hasSuffix("status=2\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
        #expect(try before.map { try Data(contentsOf: folder.appendingPathComponent($0)) } == contents)
        #expect(
            try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("link.csv").path)[.type]
                as? FileAttributeType
                == .typeSymbolicLink)
    }

    @Test("-o through a symbolic link replaces the file it names and keeps the link and the file's permissions")
    func symbolicLink() throws {
        let folder = try CLI.temporaryDirectory()
        let real = folder.appendingPathComponent("real.json")
        try "old".write(to: real, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: real.path)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("link.json").path, withDestinationPath: "real.json")
        let result = try CLI.run(["targets", "--format", "json", "-o", "link.json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("link.json").path)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try String(contentsOf: real, encoding: .utf8).contains("\"workflows\""))
        #expect(try FileManager.default.attributesOfItem(atPath: real.path)[.posixPermissions] as? Int == 0o640)
        // A link that names nothing yet names the file to create.
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("new.json").path, withDestinationPath: "made.json")
        #expect(try CLI.run(["targets", "-o", "new.json"], in: folder).status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("made.json"), encoding: .utf8).contains("service-ecommerce"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                "link.json", "made.json", "new.json", "real.json",
            ])
    }

    @Test("-o a directory says so; a full device reports the error; /dev/null and a FIFO are written in place")
    func specialFiles() throws {
        let folder = try CLI.temporaryDirectory()
        let directory = try CLI.run(["targets", "-o", folder.path])
        #expect(directory.status == 2 && directory.stderr.contains("\(folder.path): is a directory; give a file name"))
        #expect(!directory.stderr.contains("NSCocoaErrorDomain"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        let full = try CLI.run(["targets", "-o", "/dev/full"])
        #expect(
            full.status == 2
                && full.stderr == "sextant: error: -o /dev/full: cannot write the output file: No space left on device\n")
        #expect(try CLI.run(["targets", "-o", "/dev/null"]).status == 0)

        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let received = Received()
        let reader = DispatchGroup()
        DispatchQueue.global().async(group: reader) {
            received.data = FileHandle(forReadingAtPath: fifo.path)?.readDataToEndOfFile() ?? Data()
        }
        let written = try CLI.run(["targets", "-o", fifo.path])
        reader.wait()
        #expect(written.status == 0, "\(written.stderr)")
        #expect(String(decoding: received.data, as: UTF8.self).contains("Recommended targets"))
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["fifo"])
    }

    private final class Received: @unchecked Sendable { var data = Data() }

    // MARK: Signals during the write

    /// Starts `sextant targets --format json -o out.json` in `folder`. (The test runner's threads
    /// block signals, and the child inherits that mask: Sextant unblocks the signals it handles.)
    static func startWrite(in folder: URL, hold: Double?) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["targets", "--format", "json", "-o", "out.json"]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        if let hold { environment["SEXTANT_TEST_HOLD_OUTPUT"] = String(hold) }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test(
        "a signal while the output is being written removes the temporary file and ends by that signal",
        arguments: [SIGINT, SIGTERM, SIGHUP])
    func signalDuringWrite(signal: Int32) throws {
        let folder = try CLI.temporaryDirectory()
        try "old".write(to: folder.appendingPathComponent("out.json"), atomically: true, encoding: .utf8)
        let process = try Self.startWrite(in: folder, hold: 30)
        let deadline = Date().addingTimeInterval(20)
        while try FileManager.default.contentsOfDirectory(atPath: folder.path).count < 2, Date() < deadline {
            usleep(10_000)
        }
        let during = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(during.contains { $0.hasPrefix(".out.json.sextant-") }, "no temporary file appeared: \(during)")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.json"])
        #expect(try String(contentsOf: folder.appendingPathComponent("out.json"), encoding: .utf8) == "old")
    }

    @Test("signals at random moments never leave a temporary file or a partial output (40 trials)")
    func signalsAtRandom() throws {
        let complete = try CLI.run(["targets", "--format", "json"]).stdout
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<40 {
            let folder = try CLI.temporaryDirectory()
            try "old".write(to: folder.appendingPathComponent("out.json"), atomically: true, encoding: .utf8)
            let process = try Self.startWrite(in: folder, hold: trial.isMultiple(of: 2) ? 0.01 : nil)
            usleep(UInt32.random(in: 0...80_000, using: &generator))
            kill(process.processIdentifier, trial.isMultiple(of: 3) ? SIGINT : SIGTERM)
            process.waitUntilExit()
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.json"], "trial \(trial)")
            let text = try String(contentsOf: folder.appendingPathComponent("out.json"), encoding: .utf8)
            #expect(text == "old" || text == complete, "trial \(trial): a partial output")
        }
    }
}
