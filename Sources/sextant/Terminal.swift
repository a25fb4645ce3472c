import Foundation
import SextantReport

/// Writing to the program's standard streams with write(2), so that a full disk, a closed stream
/// or a reader that went away is reported, never a crash; and showing echoed data safely.
enum Terminal {
    /// The exit status when standard output is a pipe whose reader has gone (`sextant … | head`):
    /// 141, the status a shell reports for a tool stopped by SIGPIPE, and no message.
    static let brokenPipeStatus: Int32 = 141

    /// Ignores SIGPIPE, so that writing to a pipe whose reader has gone fails with EPIPE, which
    /// ``standardOutput(_:)`` turns into a quiet exit, instead of killing the process; ignores
    /// SIGXFSZ, so that a write beyond the file-size limit (`ulimit -f`) fails with EFBIG ("File
    /// too large"), reported like any failed write, instead of killing the process in the middle of
    /// it; and installs the handlers of the terminating signals (``TemporaryOutput``). Call first.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        TemporaryOutput.installHandlers()
    }

    /// Writes `text` to standard output.
    ///
    /// - Throws: `CLIError` "cannot write to standard output: REASON" (exit status 2), or a quiet
    ///   one with ``brokenPipeStatus`` when the reader of a pipe has gone.
    static func standardOutput(_ text: String) throws(CLIError) {
        let failure = write(text, to: STDOUT_FILENO)
        guard failure != 0 else { return }
        if failure == EPIPE { throw CLIError(message: "", exitCode: brokenPipeStatus, quiet: true) }
        throw CLIError(message: "cannot write to standard output: \(describe(errno: failure))")
    }

    /// Writes `text` to standard error; a failure is ignored, as there is nowhere left to report it.
    static func standardError(_ text: String) {
        _ = write(text, to: STDERR_FILENO)
    }

    /// Writes `sextant: error: MESSAGE` on standard error, control characters in it escaped.
    static func error(_ message: String) {
        standardError("sextant: error: \(escaped(message))\n")
    }

    /// The text of an errno value, e.g. "No space left on device".
    static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Writes all of `text` to `descriptor`, retrying after interruptions (EINTR), partial writes
    /// and a descriptor that is not ready (EAGAIN on a non-blocking stream).
    ///
    /// - Returns: 0 when everything was written, otherwise the errno of the failure.
    static func write(_ text: String, to descriptor: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { write($0, to: descriptor) }
    }

    /// Writes all of `bytes` to `descriptor`; see ``write(_:to:)-(String,_)``.
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Int32 {
        guard let base = bytes.baseAddress else { return 0 }
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, base + offset, min(bytes.count - offset, 1 << 30))
            if written > 0 {
                offset += written
                continue
            }
            let code = written == 0 ? EIO : errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
            default: return code
            }
        }
        return 0
    }

    /// `text` safe to print on a terminal, as every report's table shows data: see
    /// `TerminalRenderer.escape(_:keepingNewlines:)`, the one escape of the terminal medium.
    static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        TerminalRenderer.escape(text, keepingNewlines: keepingNewlines)
    }
}
