import CFuzzer
@_spi(Fuzzing) import SextantIngest
import SextantModel

/// What every fuzz target does with one input: hands it to a reader through Sextant's public API,
/// as the `sextant` command would, and lets any error the reader throws pass (an error is the
/// expected answer to most inputs). A finding is anything else: a crash, a sanitizer report, a hang
/// or an allocation beyond the bounds scripts/fuzz.sh gives libFuzzer.
public enum Fuzz {
    /// The test of one input, for ``run(_:)``'s C callback (which cannot capture it).
    nonisolated(unsafe) private static var test: (UnsafeRawBufferPointer) -> Void = { _ in }

    /// Runs libFuzzer with the command line's arguments (`-runs=N`, a corpus folder…), calling
    /// `test` with each input; returns libFuzzer's exit status.
    public static func run(_ test: @escaping (UnsafeRawBufferPointer) -> Void) -> Int32 {
        Fuzz.test = test
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            Fuzz.test(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        }
    }

    /// The segment dimensions and the skip-invalid switch, chosen by the input's first byte so that
    /// one corpus reaches every path of the scanner.
    private static let choices: [[SegmentDimension]] = [
        [], [.week], [.intent, .channel], [.tag], [.workflow, .week, .tag], [.channel],
    ]

    /// Scans `bytes` as one log of `format`: the first byte (when there is one) picks the segment
    /// dimensions (its low 3 bits), the size of the chunks a session log is cut into (the next 4: 4 MiB,
    /// or 8 to 2,048 bytes, so that the chunks are merged as in a large log) and whether invalid
    /// rows are skipped (the top bit); the rest is the log.
    public static func scan(_ bytes: UnsafeRawBufferPointer, format: LogFormat) {
        var log = Array(bytes)
        let choice = log.isEmpty ? 0 : Int(log.removeFirst())
        let dimensions = choices[(choice & 0x07) % choices.count]
        let chunking = (choice >> 3) & 0x0F
        let skipInvalid = choice & 0x80 != 0
        do {
            let scanner = try LogScanner(dimensions: dimensions, format: format, skipInvalid: skipInvalid, segmentLimit: 64)
            if chunking > 0 { scanner.chunkSize = 8 << (chunking % 9) }
            try scanner.read(MemoryByteSource(log, name: "fuzz.\(format.rawValue)"))
            _ = try scanner.finish()
        } catch {
            // An invalid log: the expected answer.
        }
    }

    /// Parses `bytes` with `parse` when they are UTF-8 text, as the `sextant` command reads a YAML
    /// file (it refuses other bytes before parsing).
    public static func parseYAML<T>(_ bytes: UnsafeRawBufferPointer, _ parse: (String) throws -> T) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        _ = try? parse(text)
    }
}
