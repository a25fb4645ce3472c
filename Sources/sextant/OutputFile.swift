import ArgumentParser
import Foundation

/// A command that may write its result with `-o`: the output must name a file the command can
/// write, and must not be one of its inputs.
protocol WritesOutput: ParsableCommand {
    /// The command's `--format` and `-o` options.
    var output: OutputOptions { get }
    /// The files the command reads (`-` for standard input).
    var inputFiles: [String] { get }
    /// What the command writes to `-o` (default: a report).
    static var outputKind: OutputKind { get }
}

extension WritesOutput {
    static var outputKind: OutputKind { .report }

    /// Refuses, before anything is read, inputs that cannot all be read: standard input (`-`)
    /// named twice (a log and `--targets -`, `diff - -`), or an output that is one of them; then an
    /// output whose extension names nothing the command writes.
    ///
    /// - Throws: `CLIError` (exit status 2).
    func checkInputs() throws(CLIError) {
        guard inputFiles.filter({ $0 == "-" }).count <= 1 else {
            throw CLIError(message: "standard input (-) is named more than once; it can be read only once")
        }
        try output.refuseOverwriting(inputFiles)
        try output.refuseUnknownExtension(writing: Self.outputKind, command: Self.configuration.commandName ?? "sextant")
    }
}

extension ReportCommand: WritesOutput {
    var inputFiles: [String] { input.logs + [input.mapFile, judgement.targets].compactMap { $0 } }
}

extension SimulateCommand: WritesOutput {
    var inputFiles: [String] { [scenario] }
}

extension ValidateCommand: WritesOutput {
    var inputFiles: [String] { scenarios }
}

extension IntervalCommand: WritesOutput {
    var inputFiles: [String] { [] }
}

extension SampleSizeCommand: WritesOutput {
    var inputFiles: [String] { [] }
}

extension TargetsCommand: WritesOutput {
    var inputFiles: [String] { [] }
}

extension OutputOptions {
    /// Refuses an output that is one of `inputs` — the same file by device and inode, so also
    /// through a symbolic link, a hard link or another spelling of its path, and also a standard
    /// output (`-o -`, `-o /dev/stdout`, or no `-o`) that a shell has opened on an input with `>>`
    /// or `>` — before anything is read or written.
    ///
    /// - Throws: `CLIError` (exit status 2) naming the input.
    func refuseOverwriting(_ inputs: [String]) throws(CLIError) {
        var target = stat()
        let what: String
        let consequence: String
        if let output, output != "-" {
            switch try OutputFile.resolve(output) {
            case .descriptor(let descriptor):
                guard fstat(descriptor, &target) == 0 else { return }
                consequence = "writing there would change it; send the output elsewhere"
            case .file(let file):
                guard stat(file, &target) == 0 else { return }
                consequence = "writing there would replace it with the output; choose another file"
            }
            what = "-o \(output): is"
        } else {
            guard fstat(STDOUT_FILENO, &target) == 0 else { return }
            what = "standard output is"
            consequence = "writing there would change it; send the output elsewhere"
        }
        guard target.st_mode & S_IFMT == S_IFREG else { return }
        for input in inputs {
            var info = stat()
            let found = input == "-" ? fstat(STDIN_FILENO, &info) == 0 : stat(input, &info) == 0
            guard found, info.st_dev == target.st_dev, info.st_ino == target.st_ino else { continue }
            let name = input == "-" ? "standard input" : input == output ? "an input" : "the input \(input)"
            throw CLIError(message: "\(what) \(name); \(consequence)")
        }
    }
}

/// Writing a command's output to the file `-o` names, so that a failure or an interruption never
/// leaves a half-written file or a temporary file behind.
///
/// - A regular file, or a name that does not exist yet, is written atomically: a temporary file in
///   the same folder, flushed to disk (fsync) and renamed over the target. A symbolic link is
///   followed: the file it names is replaced and the link kept. A replaced file keeps its
///   permissions, its owner and its group.
/// - A regular file that cannot be replaced without changing what it is — one with several hard
///   links (renaming would detach this name from the others), or one whose owner or group the
///   replacement cannot be given (another user's file) — is written in place, as a shell's `>`
///   would: every name sees the new content and the owner is kept. The room the new content needs
///   is reserved before the old is touched (a full disk fails first), and terminating signals are
///   held until the content is whole; only SIGKILL, a power cut or an I/O error in the middle can
///   leave it partly written.
/// - One of the process's own descriptors — `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`,
///   `/proc/self/fd/N`, or a link to one — is written through that descriptor, as `-o -` writes
///   standard output: never by renaming over the file the descriptor has open (which would lose
///   what a shell's `>>` or `{ …; } > file` put there).
/// - A FIFO or a character device (`/dev/null`, a named pipe) is written directly, as a shell's
///   `>` would: it holds no content to protect.
/// - A directory, a block device, a socket or another process's descriptor is refused.
enum OutputFile {
    /// What an output path names once symbolic links in its last component are followed.
    enum Target: Equatable {
        /// One of this process's open descriptors.
        case descriptor(Int32)
        /// A path whose last component is not a symbolic link (it may not exist yet).
        case file(String)
    }

    /// Writes `text` to `path`.
    ///
    /// - Throws: `CLIError` (exit status 2) saying what is in the way.
    static func write(_ text: String, to path: String) throws(CLIError) {
        let file: String
        switch try resolve(path) {
        case .descriptor(let descriptor):
            try writeToDescriptor(text, descriptor, shownAs: path)
            return
        case .file(let resolved): file = resolved
        }
        var info = stat()
        guard stat(file, &info) == 0 else {
            let failure = errno
            guard failure == ENOENT else { throw cannotWrite(path, failure) }
            guard !path.isEmpty, !path.hasSuffix("/") else {
                throw CLIError(message: "-o \"\(path)\": names no file; give a file name, e.g. report.txt")
            }
            try writeAtomically(text, to: file, replacing: nil, shownAs: path)
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG where info.st_nlink > 1: try writeInPlace(text, to: file, shownAs: path)
        case S_IFREG: try writeAtomically(text, to: file, replacing: info, shownAs: path)
        case S_IFIFO, S_IFCHR: try writeDirectly(text, to: file, shownAs: path)
        case S_IFDIR: throw CLIError(message: "-o \(path): is a directory; give a file name, e.g. \(join(path, "report.txt"))")
        case S_IFBLK: throw CLIError(message: "-o \(path): is a block device; expected a regular file")
        default: throw CLIError(message: "-o \(path): is a socket or another special file; expected a regular file")
        }
    }

    /// Writes to one of the process's descriptors; standard output as `-o -` does (a reader that
    /// has gone ends quietly with status 141).
    private static func writeToDescriptor(_ text: String, _ descriptor: Int32, shownAs path: String) throws(CLIError) {
        if descriptor == STDOUT_FILENO {
            try Terminal.standardOutput(text)
            return
        }
        let failure = Terminal.write(text, to: descriptor)
        if failure != 0 { throw cannotWrite(path, failure) }
    }

    private static func writeDirectly(_ text: String, to file: String, shownAs path: String) throws(CLIError) {
        let descriptor = open(file, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw cannotWrite(path, errno) }
        let failure = Terminal.write(text, to: descriptor)
        let closed = close(descriptor) == 0 ? 0 : errno
        if failure != 0 || closed != 0 { throw cannotWrite(path, failure != 0 ? failure : closed) }
    }

    /// Overwrites a regular file's content where it is: room for the new text reserved first (so
    /// that a full disk fails before the old content is touched), the new text over the old, the
    /// file cut to its length, then fsync. Terminating signals are held while the content changes
    /// and acted on once it is whole, so that an interruption leaves the old content or the new.
    private static func writeInPlace(_ text: String, to file: String, shownAs path: String) throws(CLIError) {
        let descriptor = open(file, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw cannotWrite(path, errno) }
        let length = text.utf8.count
        var failure: Int32 = 0
        if length > 0 {
            // posix_fallocate returns the error; EBADF, EINVAL or EOPNOTSUPP mean the file system
            // cannot reserve room this way, and writing goes on without.
            let reserved = posix_fallocate(descriptor, 0, off_t(length))
            if [ENOSPC, EFBIG, EDQUOT, EIO].contains(reserved) { failure = reserved }
        }
        if failure == 0 {
            failure = TemporaryOutput.holdingSignals {
                var failure = Terminal.write(text, to: descriptor)
                holdForTests()
                if failure == 0 { failure = ftruncate(descriptor, off_t(length)) == 0 ? 0 : errno }
                return failure
            }
        }
        if failure == 0 { failure = fsync(descriptor) == 0 ? 0 : errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw cannotWrite(path, failure) }
    }

    /// Writes a temporary file next to `destination`, then renames it into place.
    private static func writeAtomically(
        _ text: String, to destination: String, replacing existing: stat?, shownAs path: String
    ) throws(CLIError) {
        let (folder, name) = split(destination)
        var descriptor: Int32 = -1
        var failure: Int32 = 0
        for _ in 0..<10 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            descriptor = TemporaryOutput.create(join(folder, ".\(name.prefix(100)).sextant-\(suffix).tmp"), mode: 0o666)
            failure = errno
            if descriptor >= 0 || failure != EEXIST { break }
        }
        guard descriptor >= 0 else { throw cannotWrite(path, failure) }
        if let existing, !giveOwner(of: existing, to: descriptor) {
            // Another user's file: only writing it in place keeps its owner.
            close(descriptor)
            TemporaryOutput.finish(renamingTo: nil)
            try writeInPlace(text, to: destination, shownAs: path)
            return
        }
        failure = Terminal.write(text, to: descriptor)
        // After fchown, which may clear the set-user-ID and set-group-ID bits.
        if failure == 0, let existing { failure = fchmod(descriptor, existing.st_mode & 0o7777) == 0 ? 0 : errno }
        if failure == 0 { failure = fsync(descriptor) == 0 ? 0 : errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        guard failure == 0 else {
            TemporaryOutput.finish(renamingTo: nil)
            throw cannotWrite(path, failure)
        }
        holdForTests()
        let renamed = TemporaryOutput.finish(renamingTo: destination)
        guard renamed == 0 else { throw cannotWrite(path, renamed) }
        // Make the rename itself durable.
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Gives the file open as `descriptor` the owner and group of `existing`, when they differ.
    ///
    /// - Returns: whether the file now has them (false when this user may not give them away).
    private static func giveOwner(of existing: stat, to descriptor: Int32) -> Bool {
        var created = stat()
        guard fstat(descriptor, &created) == 0 else { return false }
        if created.st_uid == existing.st_uid, created.st_gid == existing.st_gid { return true }
        return fchown(descriptor, existing.st_uid, existing.st_gid) == 0
    }

    /// What `path` names with symbolic links in its last component followed, so that the file a
    /// link names is replaced rather than the link (a link that names nothing yet names the file
    /// to create), and so that a path that reaches one of the process's descriptors (`/dev/stdout`
    /// → `/proc/self/fd/1`) is known as that descriptor rather than as the file it has open.
    ///
    /// - Throws: `CLIError` for a link that cannot be read, a loop of links, or another process's
    ///   descriptor.
    static func resolve(_ path: String) throws(CLIError) -> Target {
        var current = path
        for _ in 0..<40 {
            if let descriptor = try descriptor(named: current, shownAs: path) { return .descriptor(descriptor) }
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return .file(current) }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { throw cannotWrite(path, errno) }
            let target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : join(split(current).folder, target)
        }
        throw cannotWrite(path, ELOOP)
    }

    /// The descriptor `path` names when it is one of this process's: `/dev/stdin`, `/dev/stdout`,
    /// `/dev/stderr`, `/dev/fd/N`, or `N` in a folder that is this process's `/proc/PID/fd` (or a
    /// thread's `/proc/PID/task/TID/fd`) — by whatever spelling, `/proc/self/fd` included.
    ///
    /// - Throws: `CLIError` for a descriptor of another process.
    private static func descriptor(named path: String, shownAs shown: String) throws(CLIError) -> Int32? {
        switch path {
        case "/dev/stdin": return STDIN_FILENO
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default: break
        }
        let (folder, name) = split(path)
        guard !name.isEmpty, name.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let number = Int32(name)
        else { return nil }
        if folder == "/dev/fd" { return number }
        guard let resolved = realpath(folder, nil) else { return nil }
        defer { free(resolved) }
        let components = String(cString: resolved).split(separator: "/", omittingEmptySubsequences: false)
        // "", "proc", PID, "fd"  or  "", "proc", PID, "task", TID, "fd"
        guard components.count >= 4, components[0].isEmpty, components[1] == "proc", components.last == "fd",
            components.count == 4 || (components.count == 6 && components[3] == "task"),
            let pid = Int32(components[2])
        else { return nil }
        guard pid == getpid() else {
            throw CLIError(message: "-o \(shown): is a descriptor of another process; expected a file of this one")
        }
        return number
    }

    /// A path's folder and last component: "a/b.json" → ("a", "b.json"), "b.json" → (".", "b.json").
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private static func cannotWrite(_ path: String, _ code: Int32) -> CLIError {
        let hint =
            switch code {
            case ENOENT, ENOTDIR: "; check that its folder exists"
            case EACCES, EPERM, EROFS: "; check that it, or its folder, is writable"
            default: ""
            }
        return CLIError(message: "-o \(path): cannot write the output file: \(Terminal.describe(errno: code))\(hint)")
    }

    /// For the end-to-end tests of interrupted writes: with SEXTANT_TEST_HOLD_OUTPUT=SECONDS set,
    /// waits that long between writing the temporary file and renaming it (or, for a file written
    /// in place, between writing the new content and cutting the file to its length).
    private static func holdForTests() {
        guard let value = ProcessInfo.processInfo.environment["SEXTANT_TEST_HOLD_OUTPUT"], let seconds = Double(value),
            seconds > 0
        else { return }
        usleep(useconds_t(min(seconds, 60) * 1_000_000))
    }
}
