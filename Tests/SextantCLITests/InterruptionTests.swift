import Foundation
import Testing

/// Long commands interrupted in the middle, as a user's Ctrl-C or a service manager's stop does,
/// and outputs that cannot be written: the old output stays whole (or there is none), no temporary
/// file is left, and the exit status says what happened.
@Suite("interrupting a long command and writing where nothing fits (end to end)")
struct InterruptionTests {
    /// A log of `rows` valid sessions.
    static func log(rows: Int) -> String {
        var text = "session_id,started_at,intent,channel,tags,reviewed,issues\n"
        text.reserveCapacity(rows * 60)
        for row in 0..<rows {
            let tags = row % 5 == 0 ? "sys_human_help" : ""
            text += "s\(row),2026-03-\(10 + row % 14)T09:00:00Z,intent-\(row % 7),chat,\(tags),\(row % 3 == 0),\n"
        }
        return text
    }

    /// Runs a bash script with job control in `folder` (so that its background job is not started
    /// with SIGINT ignored, as a non-interactive shell's would be) and returns what it printed.
    static func bash(_ script: String, in folder: URL) throws -> CLI.Result {
        try CLI.shell("exec /bin/bash -c \(OutputTests.quoted("set -m\n" + script))", in: folder)
    }

    /// A script that starts `command` in the background (after `oldFile` is written, if given),
    /// runs `meanwhile`, checks that the command still runs after `seconds` (mid-run), sends it
    /// `signal`, and prints `alive`, its exit status and the files left (besides `log.csv`,
    /// `feed` and `errors.txt`).
    static func interrupt(
        _ command: String, oldFile: String?, meanwhile: String = "", after seconds: Double, with signal: String
    ) -> String {
        """
        \(oldFile.map { "echo OLD > \($0)" } ?? "")
        \(command) 2> errors.txt &
        pid=$!
        \(meanwhile)
        sleep \(seconds)
        kill -0 $pid 2>/dev/null && echo alive
        kill -\(signal) $pid
        wait $pid
        echo "status=$?"
        exec 3>&-
        ls -A | grep -vE '^(log.csv|feed|errors.txt)$' | tr '\\n' ' '; echo
        """
    }

    /// Checks what the script of ``interrupt(_:oldFile:meanwhile:after:with:)`` printed and left.
    static func check(_ result: CLI.Result, status: Int, oldFile: String?, in folder: URL) throws {
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "alive", "the command had ended before the signal: \(result.stdout) \(result.stderr)")
        #expect(lines.dropFirst().first == "status=\(status)"[...], "\(result.stdout)")
        #expect(lines.dropFirst(2).first == (oldFile.map { "\($0) "[...] } ?? ""), "files left: \(result.stdout)")
        if let oldFile {
            #expect(try String(contentsOf: folder.appendingPathComponent(oldFile), encoding: .utf8) == "OLD\n")
        }
        #expect(try String(contentsOf: folder.appendingPathComponent("errors.txt"), encoding: .utf8) == "")
    }

    @Test(
        "SIGINT or SIGTERM in the middle of a long report -o FILE exits 130 or 143, the old file intact or none, no debris",
        arguments: [("INT", 130), ("TERM", 143)], [true, false])
    func report(signal: (name: String, status: Int), oldFile: Bool) throws {
        let folder = try CLI.temporaryDirectory()
        try Self.log(rows: 20_000).write(to: folder.appendingPathComponent("log.csv"), atomically: true, encoding: .utf8)
        // The log through a FIFO that stays open (opened read-write, so that opening it never
        // blocks): the report has read it all and waits for more.
        let script = Self.interrupt(
            "mkfifo feed; \"$SEXTANT\" report feed --input-format csv --by intent -o out.txt",
            oldFile: oldFile ? "out.txt" : nil, meanwhile: "exec 3<> feed; timeout 60 cat log.csv >&3", after: 1,
            with: signal.name)
        try Self.check(try Self.bash(script, in: folder), status: signal.status, oldFile: oldFile ? "out.txt" : nil, in: folder)
    }

    @Test(
        "SIGINT or SIGTERM in the middle of a long simulate -o FILE exits 130 or 143, the old file intact or none, no debris",
        arguments: [("INT", 130), ("TERM", 143)], [true, false])
    func simulate(signal: (name: String, status: Int), oldFile: Bool) throws {
        let folder = try CLI.temporaryDirectory()
        let scenario = ReportTests.repository.appendingPathComponent("scenarios/service-ecommerce.yaml").path
        let command = "\"$SEXTANT\" simulate \(OutputTests.quoted(scenario)) --replications 1000000 --quiet -o out.json"
        let old = oldFile ? "out.json" : nil
        let script = Self.interrupt(command, oldFile: old, after: 1.5, with: signal.name)
        try Self.check(try Self.bash(script, in: folder), status: signal.status, oldFile: old, in: folder)
    }

    @Test("SIGTERM while a file with two names is written in place waits until its new content is whole")
    func inPlace() throws {
        let folder = try CLI.temporaryDirectory()
        let first = folder.appendingPathComponent("a.txt")
        let old = String(repeating: "old content, longer than the output\n", count: 400)
        try old.write(to: first, atomically: true, encoding: .utf8)
        try FileManager.default.linkItem(at: first, to: folder.appendingPathComponent("b.txt"))
        let complete = try CLI.run(["targets"]).stdout
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["targets", "-o", "a.txt"]
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(["SEXTANT_TEST_HOLD_OUTPUT": "2"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The new content is written over the old; the file is not yet cut to its length.
        let deadline = Date().addingTimeInterval(20)
        while try String(contentsOf: first, encoding: .utf8).hasPrefix("old"), Date() < deadline { usleep(10_000) }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
        #expect(try String(contentsOf: folder.appendingPathComponent("b.txt"), encoding: .utf8) == complete)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.txt", "b.txt"])
    }
}

/// Outputs on file systems the test mounts (a small tmpfs, full or read-only): only where the tests
/// run as root with the right to mount, as on CI.
@Suite("writing where nothing fits or nothing may be written (end to end)", .enabled(if: Disk.canMount))
struct FullDiskTests {
    static let log = ReportTests.fixture("features.csv")

    @Test("a full disk: the old output intact, no temporary file, a clear error and exit 2")
    func fullDisk() throws {
        try Disk.withTmpfs { disk in
            let script = """
                echo OLD > out.json
                head -c 16384 /dev/zero > room
                head -c 100000000 /dev/zero > fill 2>/dev/null
                rm room
                "$SEXTANT" report \(OutputTests.quoted(Self.log)) --by intent --format json -o out.json
                echo "status=$?"
                ls -A | tr '\\n' ' '
                """
            let result = try CLI.shell(script, in: disk)
            #expect(
                result.stderr
                    == "sextant: error: -o out.json: cannot write the output file: No space left on device\n")
            #expect(result.stdout == "status=2\nfill out.json ")
            #expect(try String(contentsOf: disk.appendingPathComponent("out.json"), encoding: .utf8) == "OLD\n")
        }
    }

    @Test("a full disk under a file with two names (written in place): the old content intact, exit 2")
    func fullDiskInPlace() throws {
        try Disk.withTmpfs { disk in
            let script = """
                echo OLD > a.txt; ln a.txt b.txt
                head -c 100000000 /dev/zero > fill 2>/dev/null
                "$SEXTANT" report \(OutputTests.quoted(Self.log)) --by intent --format json -o a.txt
                echo "status=$?"
                ls -A | tr '\\n' ' '
                """
            let result = try CLI.shell(script, in: disk)
            #expect(
                result.stderr == "sextant: error: -o a.txt: cannot write the output file: No space left on device\n")
            #expect(result.stdout == "status=2\na.txt b.txt fill ")
            #expect(try String(contentsOf: disk.appendingPathComponent("b.txt"), encoding: .utf8) == "OLD\n")
        }
    }

    @Test("a read-only file system: the old output intact, a clear error and exit 2")
    func readOnly() throws {
        try Disk.withTmpfs(prepare: "echo OLD > out.txt", readOnly: true) { disk in
            let result = try CLI.run(["targets", "-o", "out.txt"], in: disk)
            #expect(result.status == 2)
            #expect(
                result.stderr
                    == "sextant: error: -o out.txt: cannot write the output file: Read-only file system; "
                    + "check that it, or its folder, is writable\n")
            #expect(try String(contentsOf: disk.appendingPathComponent("out.txt"), encoding: .utf8) == "OLD\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["out.txt"])
        }
    }
}

/// A small tmpfs mounted for one test.
enum Disk {
    /// Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN).
    static let canMount: Bool = {
        guard getuid() == 0, let folder = try? CLI.temporaryDirectory() else { return false }
        let result = try? CLI.shell(
            "mount -t tmpfs -o size=64k tmpfs \(OutputTests.quoted(folder.path)) && umount \(OutputTests.quoted(folder.path))")
        return result?.status == 0
    }()

    /// Mounts a 256 KiB tmpfs on a fresh folder, runs `prepare` (a shell script) in it, remounts it
    /// read-only if asked, calls `body` with the folder, and unmounts it.
    static func withTmpfs(prepare: String = "", readOnly: Bool = false, _ body: (URL) throws -> Void) throws {
        let folder = try CLI.temporaryDirectory()
        let quoted = OutputTests.quoted(folder.path)
        let mounted = try CLI.shell("mount -t tmpfs -o size=256k,mode=0755 tmpfs \(quoted)")
        try #require(mounted.status == 0, "\(mounted.stderr)")
        defer { _ = try? CLI.shell("umount \(quoted)") }
        if !prepare.isEmpty { #expect(try CLI.shell(prepare, in: folder).status == 0) }
        if readOnly { try #require(try CLI.shell("mount -o remount,ro \(quoted)").status == 0) }
        try body(folder)
    }
}
