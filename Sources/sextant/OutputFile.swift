import Foundation

/// A command that reads files and may write its result with `-o`: the output must not be one of
/// its inputs.
protocol WritesOutput {
    /// The command's `--format` and `-o` options.
    var output: OutputOptions { get }
    /// The files the command reads (`-` for standard input).
    var inputFiles: [String] { get }
}

extension ReportCommand: WritesOutput {
    var inputFiles: [String] { input.logs + [input.mapFile, targets].compactMap { $0 } }
}

extension SimulateCommand: WritesOutput {
    var inputFiles: [String] { [scenario] }
}

extension ValidateCommand: WritesOutput {
    var inputFiles: [String] { scenarios }
}

extension OutputOptions {
    /// Refuses an output file that is one of `inputs` — the same file by device and inode, so also
    /// through a symbolic link, a hard link or another spelling of its path — before anything is
    /// read or written.
    ///
    /// - Throws: `CLIError` (exit status 2) naming the input.
    func refuseOverwriting(_ inputs: [String]) throws(CLIError) {
        guard let output, output != "-" else { return }
        var target = stat()
        guard stat(output, &target) == 0, target.st_mode & S_IFMT == S_IFREG else { return }
        for input in inputs {
            var info = stat()
            let found = input == "-" ? fstat(STDIN_FILENO, &info) == 0 : stat(input, &info) == 0
            guard found, info.st_dev == target.st_dev, info.st_ino == target.st_ino else { continue }
            let name = input == "-" ? "standard input" : input == output ? "an input" : "the input \(input)"
            throw CLIError(
                message: "-o \(output): is \(name); writing there would replace it with the output; choose another file")
        }
    }
}

/// Writing a command's output to the file `-o` names, so that a failure or an interruption never
/// leaves a half-written file or a temporary file behind.
///
/// - A regular file, or a name that does not exist yet, is written atomically: a temporary file in
///   the same folder, flushed to disk (fsync) and renamed over the target. A symbolic link is
///   followed: the file it names is replaced and the link kept. A replaced file keeps its
///   permissions.
/// - A FIFO or a character device (`/dev/stdout`, `/dev/null`, a named pipe) is written directly,
///   as a shell's `>` would: it holds no content to protect.
/// - A directory, a block device or a socket is refused.
enum OutputFile {
    /// Writes `text` to `path`.
    ///
    /// - Throws: `CLIError` (exit status 2) saying what is in the way.
    static func write(_ text: String, to path: String) throws(CLIError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let failure = errno
            guard failure == ENOENT else { throw cannotWrite(path, failure) }
            guard !path.isEmpty, !path.hasSuffix("/") else {
                throw CLIError(message: "-o \"\(path)\": names no file; give a file name, e.g. report.txt")
            }
            try writeAtomically(text, to: try resolvingLinks(path), replacing: nil, shownAs: path)
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: try writeAtomically(text, to: try resolvingLinks(path), replacing: info, shownAs: path)
        case S_IFIFO, S_IFCHR: try writeDirectly(text, to: path)
        case S_IFDIR: throw CLIError(message: "-o \(path): is a directory; give a file name, e.g. \(join(path, "report.txt"))")
        case S_IFBLK: throw CLIError(message: "-o \(path): is a block device; expected a regular file")
        default: throw CLIError(message: "-o \(path): is a socket or another special file; expected a regular file")
        }
    }

    private static func writeDirectly(_ text: String, to path: String) throws(CLIError) {
        let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw cannotWrite(path, errno) }
        let failure = Terminal.write(text, to: descriptor)
        let closed = close(descriptor) == 0 ? 0 : errno
        if failure != 0 || closed != 0 { throw cannotWrite(path, failure != 0 ? failure : closed) }
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
        failure = Terminal.write(text, to: descriptor)
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

    /// `path` with symbolic links in its last component followed, so that the file a link names is
    /// replaced rather than the link (a link that names nothing yet names the file to create).
    private static func resolvingLinks(_ path: String) throws(CLIError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { throw cannotWrite(path, errno) }
            let target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : join(split(current).folder, target)
        }
        throw cannotWrite(path, ELOOP)
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
            case EACCES, EPERM, EROFS: "; check that its folder is writable"
            default: ""
            }
        return CLIError(message: "-o \(path): cannot write the output file: \(Terminal.describe(errno: code))\(hint)")
    }

    /// For the end-to-end tests of interrupted writes: with SEXTANT_TEST_HOLD_OUTPUT=SECONDS set,
    /// waits that long between writing the temporary file and renaming it.
    private static func holdForTests() {
        guard let value = ProcessInfo.processInfo.environment["SEXTANT_TEST_HOLD_OUTPUT"], let seconds = Double(value),
            seconds > 0
        else { return }
        usleep(useconds_t(min(seconds, 60) * 1_000_000))
    }
}
