import Foundation
import SextantReport
import Synchronization

/// A one-line progress report on standard error for long runs — a big log being read, many
/// replications being simulated — shown only when standard error is a terminal and `--quiet` is
/// not given, so that nothing reaches a file, a pipe or a log.
///
/// Updates are throttled to at most ten a second, each rewriting the line (`\r`, then erase to
/// the end of the line), and ``clear()`` erases it before the result is written. Safe to call from
/// worker threads; a call that is not shown costs a clock read and a lock.
final class Progress: Sendable {
    /// The least time between two updates: 100 ms, at most ten a second.
    static let interval = Duration.milliseconds(100)

    private let enabled: Bool
    private let state = Mutex<(last: ContinuousClock.Instant, shown: Bool)>((ContinuousClock.now, false))

    /// A progress line, shown only when `enabled` and standard error is a terminal.
    ///
    /// - Parameter enabled: false for `--quiet`.
    init(enabled: Bool) { self.enabled = enabled && isatty(STDERR_FILENO) == 1 }

    /// Shows `text` in place of the previous line, unless one was shown less than ``interval`` ago.
    ///
    /// - Parameter text: the line, built only when it is shown; control characters in it are
    ///   escaped.
    func report(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        let show = state.withLock { state -> Bool in
            let now = ContinuousClock.now
            guard now - state.last >= Self.interval else { return false }
            state = (now, true)
            return true
        }
        if show { Terminal.standardError("\r\u{1B}[K" + Terminal.escaped(text())) }
    }

    /// Erases the line, if one was shown.
    func clear() {
        let shown = state.withLock { state -> Bool in
            defer { state.shown = false }
            return state.shown
        }
        if shown { Terminal.standardError("\r\u{1B}[K") }
    }

    // MARK: Lines

    /// The line while a log is read: `reading FILE: 12.3 of 45.6 MB (27%), 1,234,567 rows`, or
    /// without a total (standard input, a pipe) `reading FILE: 12.3 MB, 1,234,567 rows`.
    ///
    /// - Parameters:
    ///   - file: the log's name (`-` is standard input).
    ///   - rows: rows read so far.
    ///   - bytes: bytes read from the file so far (compressed bytes for gzip).
    ///   - total: the file's size in bytes; nil when not known.
    static func reading(file: String, rows: Int, bytes: Int, of total: Int?) -> String {
        let name = file == "-" ? "standard input" : file
        let amount: String
        if let total, total > 0 {
            let share = min(100, bytes * 100 / total)
            amount = "\(megabytes(bytes)) of \(megabytes(total)) MB (\(share)%)"
        } else {
            amount = "\(megabytes(bytes)) MB"
        }
        return "reading \(name): \(amount), \(Format.count(rows, "row"))"
    }

    /// The line while replications run: `simulated 1,234 of 10,000 replications (12%)`.
    ///
    /// - Parameters:
    ///   - done: replications done.
    ///   - total: replications in all.
    static func replications(_ done: Int, of total: Int) -> String {
        let share = total > 0 ? min(100, done * 100 / total) : 100
        return "simulated \(Format.count(done)) of \(Format.count(total, "replication")) (\(share)%)"
    }

    /// Bytes as megabytes (10⁶ bytes) with one decimal.
    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1e6) }

    /// The size of the regular file at `path`; nil for standard input (`-`), a pipe, a device or a
    /// file that cannot be examined.
    static func fileSize(_ path: String) -> Int? {
        guard path != "-" else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }
}
