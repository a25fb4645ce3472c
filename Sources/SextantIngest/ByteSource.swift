import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A forward-only stream of bytes: a file, standard input, or a decompressed gzip stream.
public protocol ByteSource: AnyObject {
    /// The name used in messages (the path, or `-` for standard input).
    var name: String { get }
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int
    /// Bytes consumed from the underlying file so far (compressed bytes for gzip), for progress.
    var bytesConsumed: Int { get }
}

extension ByteSource {
    /// The next `count` bytes, or fewer at the end of the stream.
    func read(upTo count: Int) throws(IngestError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let more = try bytes.withUnsafeMutableBytes { raw in
                Result { () throws(IngestError) -> Int in try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[got...])) }
            }.get()
            if more == 0 { break }
            got += more
        }
        bytes.removeLast(count - got)
        return bytes
    }
}

/// A file or standard input, read with `read(2)`.
public final class FileByteSource: ByteSource {
    /// The path, as given (`-` for standard input).
    public let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// The bytes read so far.
    public private(set) var bytesConsumed = 0

    /// Opens `path` for reading; `-` is standard input.
    ///
    /// - Throws: ``IngestError`` when the file cannot be opened or is a folder.
    public init(path: String) throws(IngestError) {
        name = path
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw IngestError(file: path, "cannot open the file (\(reason)); check the path", fatal: true)
        }
        var status = stat()
        if fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw IngestError(file: path, "is a folder; expected a log file", fatal: true)
        }
        descriptor = fd
        ownsDescriptor = true
    }

    /// Reads with `read(2)`, retrying when interrupted; 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        while true {
            #if canImport(Glibc)
                let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            #else
                let count = Darwin.read(descriptor, buffer.baseAddress, buffer.count)
            #endif
            if count >= 0 {
                bytesConsumed += count
                return count
            }
            if errno == EINTR { continue }
            throw IngestError(file: name, "read failed (\(String(cString: strerror(errno))))", fatal: true)
        }
    }

    deinit { if ownsDescriptor { close(descriptor) } }
}

/// Bytes already read from a source (to sniff its format), replayed before the rest of it.
final class ReplayingSource: ByteSource {
    private let inner: ByteSource
    private var pending: [UInt8]
    private var offset = 0

    init(_ inner: ByteSource, replaying pending: [UInt8]) {
        self.inner = inner
        self.pending = pending
    }

    var name: String { inner.name }
    var bytesConsumed: Int { inner.bytesConsumed }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        if offset < pending.count {
            let count = min(buffer.count, pending.count - offset)
            pending.withUnsafeBytes { bytes in
                buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
            }
            offset += count
            if offset == pending.count { pending = [] }
            return count
        }
        return try inner.read(into: buffer)
    }
}

/// A gzip stream (one or more concatenated members, as `cat a.gz b.gz` makes), inflated with zlib.
final class GzipSource: ByteSource {
    private let inner: ByteSource
    private var stream = z_stream()
    private let input: UnsafeMutableRawBufferPointer
    private var finished = false
    private var memberEnded = false

    init(_ inner: ByteSource) throws(IngestError) {
        self.inner = inner
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
        guard sextant_inflate_init_gzip(&stream) == Z_OK else {
            input.deallocate()
            throw IngestError(file: inner.name, "cannot start gzip decompression (zlib)", fatal: true)
        }
    }

    var name: String { inner.name }
    var bytesConsumed: Int { inner.bytesConsumed }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                let count = try inner.read(into: input)
                if count == 0 {
                    // The end of the file: fine between members, truncated inside one.
                    guard memberEnded || stream.total_in == 0 else {
                        throw IngestError(
                            file: name, "the gzip stream is truncated; expected the rest of the compressed file", fatal: true)
                    }
                    finished = true
                    break
                }
                stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = UInt32(count)
            }
            if memberEnded {
                // Another member follows: start it afresh.
                inflateReset(&stream)
                memberEnded = false
            }
            let status = inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                memberEnded = true
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw IngestError(
                    file: name, "is not a valid gzip stream (\(detail)); expected gzip-compressed text", fatal: true)
            }
        }
        return buffer.count - Int(stream.avail_out)
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }
}

/// Bytes in memory as a source: for tests, and for logs that arrive whole (a request body, a
/// download).
public final class MemoryByteSource: ByteSource {
    /// The name used in messages.
    public let name: String
    private let bytes: [UInt8]
    private var offset = 0

    /// A source that hands out `bytes`, named `name` in messages.
    public init(_ bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    /// A source that hands out the UTF-8 of `text`, named `name` in messages.
    public convenience init(text: String, name: String) { self.init(Array(text.utf8), name: name) }

    /// The bytes handed out so far.
    public var bytesConsumed: Int { offset }

    /// Copies the next bytes into `buffer`; 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { raw in buffer.baseAddress!.copyMemory(from: raw.baseAddress! + offset, byteCount: count) }
        offset += count
        return count
    }
}

/// Opening logs: files or standard input, gzip detected by its magic bytes.
public enum LogSource {
    /// Opens `path` (`-` for standard input), decompressing it when it starts with gzip's magic
    /// bytes 1f 8b, whatever its name.
    ///
    /// - Throws: ``IngestError`` when the file cannot be opened or is a folder.
    public static func open(_ path: String) throws(IngestError) -> ByteSource {
        try decompressing(FileByteSource(path: path))
    }

    /// `source`, decompressed when it starts with gzip's magic bytes 1f 8b (one or more members);
    /// as it is otherwise. Reads two bytes ahead and hands them out again.
    ///
    /// - Throws: ``IngestError`` when the source cannot be read or zlib cannot start.
    public static func decompressing(_ source: ByteSource) throws(IngestError) -> ByteSource {
        let head = try source.read(upTo: 2)
        let replay = ReplayingSource(source, replaying: head)
        if head == [0x1f, 0x8b] {
            return try GzipSource(replay)
        }
        return replay
    }

    /// The name of a log without its compression suffix, to choose its format by extension:
    /// `sessions.csv.gz` → `sessions.csv`.
    public static func uncompressedName(_ path: String) -> String {
        path.lowercased().hasSuffix(".gz") ? String(path.dropLast(3)) : path
    }
}
