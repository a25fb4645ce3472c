import Foundation
import Synchronization

/// The temporary file of an output being written, removed if a terminating signal arrives before it
/// is renamed into place, so that an interrupted write never leaves debris.
///
/// The signals handled are every catchable one whose default action ends the process: SIGINT,
/// SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGVTALRM and SIGPROF (and on
/// Linux SIGIO, SIGPWR and SIGSTKFLT). SIGPIPE and SIGXFSZ are ignored instead (see
/// `Terminal.prepare()`): a write then fails with EPIPE or EFBIG and is reported. SIGKILL and
/// SIGSTOP cannot be caught: a process killed by SIGKILL in the middle of a write leaves its
/// temporary file (`.NAME.sextant-XXXX.tmp`, next to the output), never a half-written output.
///
/// The signal handler may run on any thread, at any instruction, so it only reads an atomic state,
/// calls unlink(2) on a path kept as a C string in memory allocated once, and re-raises the signal
/// with its default action (the process then ends as killed by it: 130 for SIGINT, 143 for SIGTERM,
/// 129 for SIGHUP, 131 for SIGQUIT in a shell).
/// Creating and removing the file, and a write in place (``holdingSignals(_:)``), mark the state
/// busy; a signal that arrives then is held and acted on as soon as the file is known to exist or
/// not (or the content written in place is whole).
enum TemporaryOutput {
    private enum State: Int {
        case none = 0
        case registered = 1
        case busy = 2
    }

    /// The signals handled: every catchable one whose default action ends the process.
    static let signals: [Int32] = {
        var signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGVTALRM, SIGPROF]
        #if os(Linux)
            signals += [SIGIO, SIGPWR, SIGSTKFLT]
        #endif
        return signals
    }()
    private static let capacity = Int(PATH_MAX) + 1
    private static let state = Atomic<Int>(State.none.rawValue)
    private static let pending = Atomic<Int32>(0)
    private static let installed = Atomic<Bool>(false)
    nonisolated(unsafe) private static let path: UnsafeMutablePointer<CChar> = {
        let path = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        path.initialize(repeating: 0, count: capacity)
        return path
    }()

    /// Creates `file` exclusively (it must not exist) for writing, registered for removal on a signal.
    ///
    /// - Returns: the open descriptor, or -1 with `errno` set.
    static func create(_ file: String, mode: mode_t) -> Int32 {
        guard file.utf8.count < capacity else {
            errno = ENAMETOOLONG
            return -1
        }
        installHandlers()
        state.store(State.busy.rawValue, ordering: .sequentiallyConsistent)
        file.withCString { _ = strcpy(path, $0) }
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        let failure = errno
        state.store((descriptor >= 0 ? State.registered : State.none).rawValue, ordering: .sequentiallyConsistent)
        actOnHeldSignal()
        errno = failure
        return descriptor
    }

    /// Renames the registered file to `destination` (or removes it when `destination` is nil) and
    /// forgets it.
    ///
    /// - Returns: 0, or the errno of a failed rename (the file is then removed).
    @discardableResult
    static func finish(renamingTo destination: String?) -> Int32 {
        state.store(State.busy.rawValue, ordering: .sequentiallyConsistent)
        var failure: Int32 = 0
        if let destination, rename(path, destination) != 0 { failure = errno }
        if destination == nil || failure != 0 { unlink(path) }
        state.store(State.none.rawValue, ordering: .sequentiallyConsistent)
        actOnHeldSignal()
        return failure
    }

    /// Runs `body` with the terminating signals held: one that arrives meanwhile ends the process
    /// (by its default action, as always) once `body` has returned. For a change that must not be
    /// cut in the middle, such as an output written in place.
    static func holdingSignals<T>(_ body: () -> T) -> T {
        installHandlers()
        state.store(State.busy.rawValue, ordering: .sequentiallyConsistent)
        let result = body()
        state.store(State.none.rawValue, ordering: .sequentiallyConsistent)
        actOnHeldSignal()
        return result
    }

    /// Installs the handler for each signal whose disposition is not "ignore" (a shell runs
    /// background jobs with SIGINT and SIGQUIT ignored, nohup ignores SIGHUP: those stay ignored),
    /// and unblocks it. Called once at start, so that a signal outside a write also ends the
    /// process by its default action (and SIGQUIT does not print the runtime's backtrace).
    static func installHandlers() {
        guard !installed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        // Initialised here, never for the first time in the handler.
        _ = path
        _ = state.load(ordering: .sequentiallyConsistent)
        _ = pending.load(ordering: .sequentiallyConsistent)
        var handled = sigset_t()
        sigemptyset(&handled)
        for signal in signals {
            var old = sigaction()
            guard sigaction(signal, nil, &old) == 0, !isIgnored(old) else { continue }
            var action = sigaction()
            setHandler(&action) { TemporaryOutput.handle($0) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
            sigaddset(&handled, signal)
        }
        // A parent that spawns from a thread with these signals blocked (as a Foundation Process
        // started from a Dispatch thread does) passes that mask on; ignoring is the way to opt out.
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
    }

    /// The signal handler: only async-signal-safe calls.
    private static func handle(_ signal: Int32) {
        if state.load(ordering: .sequentiallyConsistent) == State.busy.rawValue {
            pending.store(signal, ordering: .sequentiallyConsistent)
            return
        }
        if state.load(ordering: .sequentiallyConsistent) == State.registered.rawValue { unlink(path) }
        die(signal)
    }

    /// Acts on a signal that arrived while the state was busy.
    private static func actOnHeldSignal() {
        let signal = pending.exchange(0, ordering: .sequentiallyConsistent)
        guard signal != 0 else { return }
        if state.load(ordering: .sequentiallyConsistent) == State.registered.rawValue { unlink(path) }
        die(signal)
    }

    /// Ends the process by `signal` with its default action.
    private static func die(_ signal: Int32) {
        var action = sigaction()
        setHandler(&action, nil)
        sigemptyset(&action.sa_mask)
        sigaction(signal, &action, nil)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(signal)
        _exit(128 + signal)
    }

    private static func isIgnored(_ action: sigaction) -> Bool {
        #if canImport(Glibc)
            let handler = action.__sigaction_handler.sa_handler
        #else
            let handler = action.__sigaction_u.__sa_handler
        #endif
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    private static func setHandler(_ action: inout sigaction, _ handler: (@convention(c) (Int32) -> Void)?) {
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = handler
        #else
            action.__sigaction_u.__sa_handler = handler
        #endif
    }
}
