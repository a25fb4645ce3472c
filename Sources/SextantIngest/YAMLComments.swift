import SextantModel

/// Reads the comments of a YAML file and places each at a key path, as ``ScenarioFile/Comment``s:
///
/// - comment lines above a line belong to the outermost node that starts on it (above the first
///   key, the file's header: the empty path; above `- name: returns`, the list entry);
/// - a comment after a value belongs to the first key on its line (`knowledge_coverage`, not the
///   `beta` inside its `{beta: [36, 4]}`), or to the list entry when the line has no key.
///
/// Blank lines are not kept, and comments after the last value are dropped.
enum YAMLComments {
    static func read(_ text: String, _ document: YAMLDocument) -> [FieldPath: ScenarioFile.Comment] {
        guard let root = document.root else { return [:] }
        var starts: [(path: FieldPath, line: Int, keyed: Bool)] = []
        collect(root, .root, line: root.line, keyed: false, into: &starts)
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        var firstStart: [Int: FieldPath] = [:]
        var firstKey: [Int: FieldPath] = [:]
        var firstItem: [Int: FieldPath] = [:]
        for start in starts {
            if firstStart[start.line] == nil { firstStart[start.line] = start.path }
            if start.keyed, firstKey[start.line] == nil { firstKey[start.line] = start.path }
            if !start.keyed, !start.path.isEmpty, firstItem[start.line] == nil { firstItem[start.line] = start.path }
        }
        var comments: [FieldPath: ScenarioFile.Comment] = [:]
        var pending: [String] = []
        for (offset, content) in lines.enumerated() {
            let number = offset + 1
            if document.scalarLines.contains(number) { continue }
            let trimmed = content.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { continue }
            if trimmed.first == "#" {
                var body = trimmed.dropFirst()
                if body.first == " " { body = body.dropFirst() }
                while body.last == " " || body.last == "\t" { body = body.dropLast() }
                pending.append(String(body))
                continue
            }
            if let path = firstStart[number], !pending.isEmpty {
                comments[path, default: .init()].above += pending
            }
            pending = []
            if let comment = trailing(content), let path = firstKey[number] ?? firstItem[number] {
                comments[path, default: .init()].trailing = comment
            }
        }
        return comments
    }

    /// Where each node starts: mapping members at their key's line, list entries at their own.
    private static func collect(
        _ node: YAMLNode, _ path: FieldPath, line: Int, keyed: Bool,
        into starts: inout [(path: FieldPath, line: Int, keyed: Bool)]
    ) {
        starts.append((path, line, keyed))
        switch node {
        case .scalar: break
        case .mapping(let pairs, _, _):
            for pair in pairs { collect(pair.value, path.key(pair.key), line: pair.keyLine, keyed: true, into: &starts) }
        case .sequence(let items, _, _):
            for (index, item) in items.enumerated() {
                collect(item, path.index(index), line: item.line, keyed: false, into: &starts)
            }
        }
    }

    /// The comment at the end of a line of content: from the first `#` outside quotes that follows
    /// a space, trimmed.
    static func trailing(_ line: Substring) -> String? {
        var quote: Character?
        var escaped = false
        var previous: Character = " "
        var lastSignificant: Character?
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            defer {
                previous = c
                index = line.index(after: index)
            }
            if let open = quote {
                if escaped {
                    escaped = false
                } else if open == "\"" && c == "\\" {
                    escaped = true
                } else if c == open {
                    let next = line.index(after: index)
                    if open == "'" && next < line.endIndex && line[next] == "'" {
                        index = next  // '' is a quote inside a single-quoted scalar
                    } else {
                        quote = nil
                    }
                }
                if quote == nil { lastSignificant = c }
                continue
            }
            if c == "#" && (previous == " " || previous == "\t") {
                let body = line[line.index(after: index)...].trimmingSpaces
                return String(body)
            }
            if (c == "\"" || c == "'") && (lastSignificant == nil || ":-[{,?".contains(lastSignificant!)) {
                quote = c
                continue
            }
            if c != " " && c != "\t" { lastSignificant = c }
        }
        return nil
    }
}
