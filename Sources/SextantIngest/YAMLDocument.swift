// The YAML input files (scenarios, targets) are composed here from libyaml's event stream —
// `CYaml`, the C parser that Yams builds, links and uses itself — instead of through
// `Yams.compose`. Yams resolves every alias while it composes and hashes mapping keys, so a few
// hundred bytes of nested anchors ("billion laughs") expand to billions of nodes before any check
// of ours runs. Reading events, an anchor or alias is refused where it stands, the nesting depth
// and the node count are bounded as the document is read, and nothing is ever expanded.
import CYaml
import SextantModel
import Yams

/// A YAML node with its place in the file, for messages that name a line and a key path.
indirect enum YAMLNode {
    case scalar(String, line: Int, column: Int, plain: Bool)
    /// A mapping's pairs in file order, each with the line its key is on.
    case mapping([(key: String, value: YAMLNode, keyLine: Int)], line: Int, column: Int)
    case sequence([YAMLNode], line: Int, column: Int)

    var line: Int {
        switch self {
        case .scalar(_, let line, _, _), .mapping(_, let line, _), .sequence(_, let line, _): line
        }
    }

    var column: Int {
        switch self {
        case .scalar(_, _, let column, _), .mapping(_, _, let column), .sequence(_, _, let column): column
        }
    }

    /// The kind, for messages.
    var kind: String {
        switch self {
        case .scalar(let text, _, _, let plain):
            plain && (text == "~" || text == "null" || text.isEmpty) ? "nothing" : "\"\(text)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    /// What YAML's core schema (the YAML 1.1 rules Yams and most tools apply) reads a plain scalar
    /// as: `yes` a boolean, `1e3` a number, `~` nothing; quoted scalars are always text.
    var resolvedTag: Tag.Name? {
        guard case .scalar(let text, _, _, let plain) = self else { return nil }
        return plain ? Resolver.default.resolveTag(of: Node(text)) : .str
    }

    /// Every node of the tree by its key path (`intents[1].share`), for placing problems that the
    /// model finds on the values read from it.
    func locations(at path: FieldPath = .root, into index: inout [FieldPath: (line: Int, column: Int)]) {
        index[path] = (line, column)
        switch self {
        case .scalar: break
        case .mapping(let pairs, _, _): for pair in pairs { pair.value.locations(at: path.key(pair.key), into: &index) }
        case .sequence(let items, _, _):
            for (position, item) in items.enumerated() { item.locations(at: path.index(position), into: &index) }
        }
    }
}

/// Bounds on the YAML files Sextant reads, so that no file can make it allocate without limit.
public enum YAMLLimits {
    /// The largest file, in bytes (4 MiB: a scenario of a thousand intents is about 300 KB).
    public static let maximumBytes = 4 << 20
    /// The deepest nesting of mappings and lists (a scenario nests five deep).
    public static let maximumDepth = 32
    /// The most nodes (scalars, mappings, lists) in one file.
    public static let maximumNodes = 1_000_000
}

/// A parsed YAML document: its tree, and what the comment reader needs to know about its lines.
struct YAMLDocument {
    /// The root node, or nil for a document with no content.
    var root: YAMLNode?
    /// The lines (1-based) inside scalars that run over several lines: they hold text, not comments.
    var scalarLines: Set<Int> = []

    /// Parses YAML text into a tree, refusing anchors, aliases, tags other than `!!str`, more than
    /// one document and anything beyond ``YAMLLimits``.
    ///
    /// - Throws: An ``IngestError`` at the line and column of the first problem.
    static func parse(_ text: String, file: String) throws(IngestError) -> YAMLDocument {
        let bytes = Array(text.utf8)
        guard bytes.count <= YAMLLimits.maximumBytes else {
            throw IngestError(
                file: file,
                "is \(bytes.count) bytes; expected a YAML file of at most 4 MiB (\(YAMLLimits.maximumBytes) bytes)")
        }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw IngestError(file: file, "cannot start the YAML parser (out of memory)")
        }
        defer { yaml_parser_delete(&parser) }
        var composer = YAMLComposer(file: file, bytes: bytes)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(IngestError) -> YAMLDocument in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { throw composer.syntaxError(parser) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT {
                    return YAMLDocument(root: composer.root, scalarLines: composer.scalarLines)
                }
                try composer.take(event)
            }
        }
    }
}

/// Builds the tree from libyaml's events, with an explicit stack (no recursion, whatever the depth).
private struct YAMLComposer {
    let file: String
    let bytes: [UInt8]
    var root: YAMLNode?
    var scalarLines: Set<Int> = []
    private var documents = 0
    private var nodes = 0
    private var stack: [Frame] = []

    /// An open mapping or list.
    private struct Frame {
        var line: Int
        var column: Int
        var isMapping: Bool
        var items: [YAMLNode] = []
        var pairs: [(key: String, value: YAMLNode, keyLine: Int)] = []
        var key: (text: String, line: Int, column: Int)?
        var seen: [String: Int] = [:]
    }

    init(file: String, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes
    }

    mutating func take(_ event: yaml_event_t) throws(IngestError) {
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw IngestError(file: file, line: line, column: column, "holds a second YAML document (---); expected one")
            }
        case YAML_ALIAS_EVENT:
            let name = Self.text(event.data.alias.anchor, nil) ?? ""
            throw IngestError(
                file: file, line: line, column: column, "YAML aliases (*\(name)) are not supported; write the value out")
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            try check(anchor: scalar.anchor, tag: scalar.tag, line: line, column: column)
            let text = Self.text(scalar.value, Int(scalar.length)) ?? ""
            let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE && scalar.tag == nil
            // A block scalar ends at the start of the line after it.
            let last = Int(event.end_mark.line) + (event.end_mark.column == 0 ? 0 : 1)
            if last > line { scalarLines.formUnion(line + 1...last) }
            try add(.scalar(text, line: line, column: column, plain: plain))
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            try check(anchor: anchor, tag: tag, line: line, column: column)
            guard stack.count < YAMLLimits.maximumDepth else {
                throw IngestError(
                    file: file, line: line, column: column,
                    Self.tooDeep)
            }
            try count(line: line, column: column)
            stack.append(Frame(line: line, column: column, isMapping: isMapping))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let node: YAMLNode =
                frame.isMapping
                ? .mapping(frame.pairs, line: frame.line, column: frame.column)
                : .sequence(frame.items, line: frame.line, column: frame.column)
            try add(node, counted: true)
        default:
            break  // stream start, document end
        }
    }

    private mutating func count(line: Int, column: Int) throws(IngestError) {
        nodes += 1
        guard nodes <= YAMLLimits.maximumNodes else {
            throw IngestError(
                file: file, line: line, column: column,
                "holds more than \(YAMLLimits.maximumNodes) values; expected a smaller document")
        }
    }

    /// Places a finished node in the open collection (or as the root).
    private mutating func add(_ node: YAMLNode, counted: Bool = false) throws(IngestError) {
        if !counted { try count(line: node.line, column: node.column) }
        guard var frame = stack.popLast() else {
            root = node
            return
        }
        defer { stack.append(frame) }
        guard frame.isMapping else {
            frame.items.append(node)
            return
        }
        guard let key = frame.key else {
            guard case .scalar(let text, let line, let column, _) = node else {
                throw IngestError(
                    file: file, line: node.line, column: node.column, "has \(node.kind) as a key; expected a plain key")
            }
            if let first = frame.seen[text] {
                throw IngestError(
                    file: file, line: line, column: column,
                    "the key \"\(text)\" appears twice (first on line \(first)); expected each key once")
            }
            frame.seen[text] = line
            frame.key = (text, line, column)
            return
        }
        frame.pairs.append((key.text, node, key.line))
        frame.key = nil
    }

    /// Refuses anchors (`&name`) and tags other than `!!str`.
    private func check(
        anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?, line: Int, column: Int
    )
        throws(IngestError)
    {
        if let anchor {
            throw IngestError(
                file: file, line: line, column: column,
                "YAML anchors (&\(Self.text(anchor, nil) ?? "")) are not supported; write the value out")
        }
        if let tag, let name = Self.text(tag, nil), name != Tag.Name.str.rawValue {
            throw IngestError(
                file: file, line: line, column: column, "YAML tags (\(name)) are not supported; write the value plainly")
        }
    }

    /// A libyaml string (given length, or NUL-terminated).
    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ length: Int?) -> String? {
        guard let pointer else { return nil }
        var count = length ?? 0
        if length == nil { while pointer[count] != 0 { count += 1 } }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The message for nesting beyond ``YAMLLimits/maximumDepth``, by our count or libyaml's.
    static let tooDeep = "nests lists and mappings more than \(YAMLLimits.maximumDepth) deep; expected a shallow document"

    /// The parser's error, place first: `file:line:column: is not valid YAML: problem (context)`.
    func syntaxError(_ parser: yaml_parser_t) -> IngestError {
        let problem = parser.problem.map { String(cString: $0) } ?? "cannot be read"
        if parser.error == YAML_READER_ERROR {
            // The reader reports a byte offset, and the offending character.
            let (line, column) = place(ofByte: Int(parser.problem_offset))
            let value = parser.problem_value >= 0 ? " (U+\(Self.hex(parser.problem_value)))" : ""
            return IngestError(file: file, line: line, column: column, "is not valid YAML: \(problem)\(value)")
        }
        if parser.error == YAML_MEMORY_ERROR { return IngestError(file: file, "is not valid YAML: out of memory") }
        if problem.contains("nest") {
            // libyaml's own nesting limit ("Maximum nesting level reached, set with
            // yaml_set_max_nest_level()"), met by flow collections before our depth check sees them.
            return IngestError(
                file: file, line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1,
                Self.tooDeep)
        }
        var context = ""
        if let text = parser.context.map({ String(cString: $0) }) {
            context = " (\(text) that starts at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
        }
        return IngestError(
            file: file, line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1,
            "is not valid YAML: \(problem)\(context)")
    }

    /// A code point as `U+0001`.
    private static func hex(_ value: Int32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The 1-based line and column (in characters) of a byte offset.
    private func place(ofByte offset: Int) -> (Int, Int) {
        let prefix = bytes.prefix(max(0, min(offset, bytes.count)))
        let lineStart = (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        let line = prefix.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let column = String(decoding: prefix[lineStart...], as: UTF8.self).unicodeScalars.count + 1
        return (line, column)
    }
}

extension YAMLDocument {
    /// The root node of a file that must hold something (a targets file, a gate policy).
    ///
    /// - Parameter expected: what an empty file should hold, for its message ("a gate policy").
    /// - Throws: ``IngestErrors`` with the syntax error, or the file's emptiness.
    static func root(_ text: String, file: String, expected: String) throws(IngestErrors) -> YAMLNode {
        let root: YAMLNode?
        do {
            root = try parse(text, file: file).root
        } catch {
            throw IngestErrors([error])
        }
        guard let root else { throw IngestErrors([IngestError(file: file, "is empty; expected \(expected)")]) }
        return root
    }
}
