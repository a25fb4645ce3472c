import Foundation
import Testing

/// `-o` as a hostile user would use it: descriptors named as files, file-size limits, signals
/// other than SIGINT and SIGTERM, another user's file, a file with several hard links.
@Suite("writing output under attack (end to end)")
struct OutputAttackTests {
    static let log = ReportTests.fixture("features.csv")
    static let quoted = OutputTests.quoted

    /// Runs a /bin/sh script in `folder` and returns its result with the status echoed last on
    /// standard error.
    static func shell(_ script: String, in folder: URL) throws -> CLI.Result {
        try CLI.shell(script + "; echo \"status=$?\" >&2", in: folder)
    }

    // MARK: Descriptors

    @Test(
        "-o naming standard output writes through the descriptor: what the shell put in the file before and after stays",
        arguments: ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "//dev/./stdout", "link-to-stdout"])
    func standardOutputByName(path: String) throws {
        let folder = try CLI.temporaryDirectory()
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("link-to-stdout").path, withDestinationPath: "/dev/stdout")
        let csv = try CLI.run(["report", Self.log, "--format", "csv"]).stdout
        let appended = try Self.shell(
            "echo KEEP > log.txt; \"$SEXTANT\" report \(Self.quoted(Self.log)) --format csv -o \(path) >> log.txt", in: folder)
        #expect(appended.stderr == "status=0\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("log.txt"), encoding: .utf8) == "KEEP\n" + csv)
        let grouped = try Self.shell(
            "{ echo HEADER; \"$SEXTANT\" report \(Self.quoted(Self.log)) --format csv -o \(path); echo FOOTER; } > f.txt",
            in: folder)
        #expect(grouped.stderr == "status=0\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("f.txt"), encoding: .utf8) == "HEADER\n" + csv + "FOOTER\n")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["f.txt", "link-to-stdout", "log.txt"])
    }

    @Test(
        "-o /dev/stderr and /dev/fd/N write to those descriptors; a closed one is an error, a pipe whose reader has gone is 141")
    func otherDescriptors() throws {
        let folder = try CLI.temporaryDirectory()
        let targets = try CLI.run(["targets"]).stdout
        let toError = try Self.shell("echo BEFORE > e.txt; \"$SEXTANT\" targets -o /dev/stderr 2>> e.txt", in: folder)
        #expect(toError.stderr == "status=0\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("e.txt"), encoding: .utf8) == "BEFORE\n" + targets)
        let fd3 = try Self.shell("{ echo A; \"$SEXTANT\" targets -o /proc/self/fd/3; echo B; } 3> three.txt >&3", in: folder)
        #expect(fd3.stderr == "status=0\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("three.txt"), encoding: .utf8) == "A\n" + targets + "B\n")
        let closed = try Self.shell("\"$SEXTANT\" targets -o /dev/fd/7", in: folder)
        #expect(closed.stderr == "sextant: error: -o /dev/fd/7: cannot write the output file: Bad file descriptor\nstatus=2\n")
        let broken = try Self.shell("{ sleep 0.5; \"$SEXTANT\" targets -o /dev/stdout; echo \"s=$?\" >&2; } | true", in: folder)
        #expect(broken.stderr == "s=141\nstatus=0\n")
    }

    @Test("-o naming another process's descriptor is refused")
    func anotherProcess() throws {
        let folder = try CLI.temporaryDirectory()
        let result = try Self.shell("\"$SEXTANT\" targets -o /proc/1/fd/1", in: folder)
        #expect(result.stderr.hasPrefix("sextant: error: -o /proc/1/fd/1: "))
        #expect(result.stderr.hasSuffix("status=2\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(
        "standard output opened by the shell on an input is refused before anything is written",
        arguments: [
            "report in.csv >> in.csv", "report in.csv -o - >> in.csv", "report in.csv -o /dev/stdout >> in.csv",
            "report - --input-format csv < in.csv >> in.csv",
        ])
    func standardOutputIsAnInput(command: String) throws {
        let folder = try CLI.temporaryDirectory()
        let input = folder.appendingPathComponent("in.csv")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.log), to: input)
        let before = try Data(contentsOf: input)
        let result = try Self.shell("\"$SEXTANT\" " + command, in: folder)
        #expect(result.stderr.hasPrefix("sextant: error: "), "\(result.stderr)")
        #expect(result.stderr.contains("writing there would change it; send the output elsewhere\nstatus=2\n"))
        #expect(try Data(contentsOf: input) == before)
    }

    // MARK: Limits and signals

    @Test("beyond the file-size limit (ulimit -f) the write fails with a message, the old file intact and no debris")
    func fileSizeLimit() throws {
        let folder = try CLI.temporaryDirectory()
        let output = try Self.shell("echo OLD > r.txt; (ulimit -f 1; \"$SEXTANT\" targets --format json -o r.txt)", in: folder)
        #expect(output.stderr == "sextant: error: -o r.txt: cannot write the output file: File too large\nstatus=2\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("r.txt"), encoding: .utf8) == "OLD\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["r.txt"])
        let standard = try Self.shell("(ulimit -f 1; \"$SEXTANT\" targets --format json > s.txt)", in: folder)
        #expect(standard.stderr == "sextant: error: cannot write to standard output: File too large\nstatus=2\n")
    }

    /// Starts `sextant targets --format json -o out.json` in `folder` through posix_spawn with
    /// every signal at its default action and none blocked (a test runner started in the
    /// background may ignore SIGQUIT), core dumps off, standard error to `errors`.
    static func spawnWrite(in folder: URL, errors: URL) throws -> pid_t {
        let script = "ulimit -c 0; cd \"$1\" && exec \"$2\" targets --format json -o out.json 2> \"$3\""
        let arguments = ["/bin/sh", "-c", script, "sh", folder.path, CLI.binary.path, errors.path]
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let environment =
            ProcessInfo.processInfo.environment.merging(["SEXTANT_TEST_HOLD_OUTPUT": "30"]) { $1 }.map { "\($0)=\($1)" }
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let failure = posix_spawn(&pid, "/bin/sh", nil, &attributes, &argv, &envp)
        guard failure == 0 else { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EINVAL) }
        return pid
    }

    @Test(
        "every catchable terminating signal during the write removes the temporary file and ends by that signal, quietly",
        arguments: [SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGVTALRM, SIGPROF, SIGIO, SIGPWR])
    func terminatingSignal(signal: Int32) throws {
        let folder = try CLI.temporaryDirectory()
        let errors = try CLI.temporaryDirectory().appendingPathComponent("stderr.txt")
        try "old".write(to: folder.appendingPathComponent("out.json"), atomically: true, encoding: .utf8)
        let pid = try Self.spawnWrite(in: folder, errors: errors)
        let deadline = Date().addingTimeInterval(20)
        while try FileManager.default.contentsOfDirectory(atPath: folder.path).count < 2, Date() < deadline {
            usleep(10_000)
        }
        let during = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(during.contains { $0.hasPrefix(".out.json.sextant-") }, "no temporary file appeared: \(during)")
        kill(pid, signal)
        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid)
        // WIFSIGNALED and WTERMSIG, which Swift does not import.
        #expect(status & 0x7F == signal, "status \(status)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.json"])
        #expect(try String(contentsOf: folder.appendingPathComponent("out.json"), encoding: .utf8) == "old")
        #expect(try String(contentsOf: errors, encoding: .utf8) == "")
    }

    // MARK: Owners and links

    @Test(
        "-o over another user's file keeps its owner, group and mode",
        .enabled(if: getuid() == 0, "needs root to give a file to another user"))
    func owner() throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("theirs.txt")
        try "old".write(to: file, atomically: true, encoding: .utf8)
        #expect(chown(file.path, 65534, 65534) == 0 && chmod(file.path, 0o600) == 0)
        let result = try CLI.run(["targets", "-o", "theirs.txt"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        var info = stat()
        #expect(stat(file.path, &info) == 0)
        #expect(info.st_uid == 65534 && info.st_gid == 65534 && info.st_mode & 0o7777 == 0o600)
        #expect(try String(contentsOf: file, encoding: .utf8) == (try CLI.run(["targets"]).stdout))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["theirs.txt"])
    }

    @Test(
        "another user may not replace a file they cannot write, even in a folder they can write",
        .enabled(if: getuid() == 0, "needs root to run as another user"))
    func notTheirs() throws {
        let folder = try CLI.temporaryDirectory()
        #expect(chmod(folder.path, 0o777) == 0)
        let file = folder.appendingPathComponent("mine.txt")
        try "old".write(to: file, atomically: true, encoding: .utf8)
        #expect(chmod(file.path, 0o644) == 0)
        let script = "su nobody -s /bin/sh -c \(Self.quoted("\"$SEXTANT\" targets -o mine.txt"))"
        let result = try Self.shell(script, in: folder)
        #expect(result.stderr.hasPrefix("sextant: error: -o mine.txt: cannot write the output file: Permission denied"))
        #expect(result.stderr.hasSuffix("status=2\n"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["mine.txt"])
    }

    @Test("-o onto a file with several hard links writes it in place: every name sees the new content")
    func hardLinks() throws {
        let folder = try CLI.temporaryDirectory()
        let first = folder.appendingPathComponent("a.txt")
        let second = folder.appendingPathComponent("b.txt")
        try String(repeating: "old content, longer than the output\n", count: 200).write(
            to: first, atomically: true, encoding: .utf8)
        try FileManager.default.linkItem(at: first, to: second)
        var before = stat()
        #expect(stat(first.path, &before) == 0)
        let result = try CLI.run(["targets", "-o", "a.txt"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try CLI.run(["targets"]).stdout
        #expect(try String(contentsOf: first, encoding: .utf8) == expected)
        #expect(try String(contentsOf: second, encoding: .utf8) == expected)
        var after = stat()
        #expect(stat(second.path, &after) == 0 && after.st_ino == before.st_ino && after.st_nlink == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.txt", "b.txt"])
    }
}
