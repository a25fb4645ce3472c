import Testing

@testable import SextantIngest

@Suite("CSV reader")
struct CSVReaderTests {
    /// All records as arrays of strings, with the line each starts on.
    private func records(_ text: String, capacity: Int = 16, piece: Int = 5) throws -> [(Int, [String])] {
        let reader = CSVReader(MemorySource(text, piece: piece), capacity: capacity)
        var out: [(Int, [String])] = []
        while try reader.next() {
            out.append((reader.recordLine, (0..<reader.fieldCount).map { reader.string($0) }))
        }
        return out
    }

    @Test("RFC 4180: quoted commas, doubled quotes, line breaks in fields, CRLF, BOM, no final newline")
    func rfc4180() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",\r\n\r\n3,,\"\"\n4,last,field"
        let got = try records(text)
        #expect(
            got.map(\.1) == [
                ["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "two\nlines", ""], ["3", "", ""], ["4", "last", "field"],
            ])
        #expect(got.map(\.0) == [1, 2, 3, 6, 7])  // the record after the two-line field starts on line 6
    }

    @Test("records larger than the buffer and split across reads come out whole", arguments: [1, 3, 64])
    func boundaries(piece: Int) throws {
        let long = String(repeating: "x", count: 300)
        let text = "id,text\n1,\"\(long), \"\"quoted\"\"\"\n2,\(long)\n"
        let got = try records(text, capacity: 16, piece: piece)
        #expect(got.count == 3)
        #expect(got[1].1 == ["1", "\(long), \"quoted\""])
        #expect(got[2].1 == ["2", long])
    }

    @Test(
        "malformed records give the line and column, and reading goes on after them",
        arguments: [
            ("h\nab\"c,d\nok\n", 2, 3, "quote"), ("h\n\"ab\"c\nok\n", 2, 5, "after a closing quote"),
            ("h\n\"é\"x\nok\n", 2, 4, "after a closing quote"),
        ])
    func malformed(text: String, line: Int, column: Int, mention: String) throws {
        let reader = CSVReader(MemorySource(text), capacity: 16)
        #expect(try reader.next())
        do {
            _ = try reader.next()
            Issue.record("expected an error")
        } catch {
            #expect(error.line == line && error.column == column && error.message.contains(mention), "\(error)")
        }
        #expect(try reader.next())
        #expect(reader.string(0) == "ok" && reader.recordLine == line + 1)
        #expect(try !reader.next())
    }

    @Test("a quoted field that never closes is an error at its opening quote, and the end of the input")
    func unterminated() throws {
        let reader = CSVReader(MemorySource("h\nx,\"open\nmore\n"), capacity: 16)
        #expect(try reader.next())
        #expect(throws: IngestError.self) { try reader.next() }
        #expect(try !reader.next())
    }
}

@Suite("JSON Lines parser")
struct JSONLineParserTests {
    /// Each top-level value of `text`, as text: a string's decoded content, a number's text, an
    /// array's items (their text, or the kind of an item that is not a string), or the kind.
    private func parse(_ text: String) throws -> [String: String] {
        var members: [String: String] = [:]
        var bytes = Array(text.utf8)
        let scratch = JSONScratch(capacity: 1)
        defer { scratch.deallocate() }
        try bytes.withUnsafeMutableBytes { raw in
            let line = UnsafeRawBufferPointer(raw)
            var parser = JSONLineParser(line, scratch: scratch)
            var values: [(String, JSONLineValue)] = []
            try parser.parseObject { key, value in values.append((String(decoding: key, as: UTF8.self), value)) }
            for (key, value) in values {
                switch value.kind {
                case .string, .number:
                    members[key] = String(decoding: JSONLineRows.bytes(of: value, in: line, scratch: scratch), as: UTF8.self)
                case .array:
                    var items: [String] = []
                    try JSONLineParser.forEachItem(of: value, in: line, scratch: scratch) { text, item in
                        items.append(text.map { String(decoding: $0, as: UTF8.self) } ?? item.description)
                    }
                    members[key] = "[" + items.joined(separator: ", ") + "]"
                default: members[key] = value.description
                }
            }
        }
        return members
    }

    @Test("objects with escapes, unicode, numbers, nesting and null")
    func values() throws {
        let members = try parse(
            #"{"a": "x\"y\\z\n\u00e9\ud83d\ude00", "b": -1.5e3, "c": [true, null, {"d": []}, "\u00e9t\u00e9", "plain"], "e": null, "f": false, "g": "café"}"#
        )
        #expect(members["a"] == "x\"y\\z\né😀")
        #expect(members["b"] == "-1.5e3")
        #expect(members["c"] == "[a boolean, null, an object, été, plain]")
        #expect(members["e"] == "null" && members["f"] == "a boolean" && members["g"] == "café")
    }

    @Test("keys are compared byte for byte, escaped or not", arguments: [#"{"ab": 1, "a\u0062": 2}"#, #"{"\u00e9": 1, "é": 2}"#])
    func repeatedEscapedKey(text: String) {
        #expect(throws: JSONLineParser.RepeatedKey.self) { try parse(text) }
    }

    @Test("keys that differ in bytes are different keys, even when canonically equivalent")
    func equivalentKeys() throws {
        var line = Array("{\"caf\u{E9}\": 1, \"cafe\u{301}\": 2}".utf8)
        var keys: [[UInt8]] = []
        let scratch = JSONScratch()
        defer { scratch.deallocate() }
        try line.withUnsafeMutableBytes { raw in
            var parser = JSONLineParser(UnsafeRawBufferPointer(raw), scratch: scratch)
            try parser.parseObject { key, _ in keys.append(Array(key)) }
        }
        #expect(keys == [Array("caf\u{E9}".utf8), Array("cafe\u{301}".utf8)])
    }

    @Test("a key table reports its keys by index, in any order from line to line, and refuses a repeated one")
    func keyTable() throws {
        let table = JSONKeyTable([Array("id".utf8), Array("tags".utf8), Array("t\u{E9}".utf8)])
        defer { table.deallocate() }
        let scratch = JSONScratch()
        defer { scratch.deallocate() }
        func indices(_ text: String) throws -> [Int] {
            var line = Array(text.utf8)
            var found: [Int] = []
            try line.withUnsafeMutableBytes { raw in
                var parser = JSONLineParser(UnsafeRawBufferPointer(raw), scratch: scratch)
                try parser.parseObject(keys: table) { index, _ in found.append(index) }
            }
            return found
        }
        #expect(try indices(#"{"id": 1, "x": {"id": 2}, "tags": [], "t\u00e9": 3}"#) == [0, 1, 2])
        #expect(try indices(#"{"tags": [], "id": 1, "other": 2, "té": 4}"#) == [1, 0, 2])
        #expect(throws: JSONLineParser.RepeatedKey.self) { try indices(#"{"tags": [], "id": 1, "t\u0061gs": 2}"#) }
        #expect(throws: JSONLineParser.RepeatedKey.self) { try indices(#"{"x": [], "id": 1, "x": 2}"#) }
    }

    @Test("past 16 keys a repeated key is still found")
    func manyKeys() throws {
        let keys = (0..<40).map { "\"k\($0)\": \($0)" }
        #expect(try parse("{" + keys.joined(separator: ", ") + "}").count == 40)
        #expect(throws: JSONLineParser.RepeatedKey.self) { try parse("{" + keys.joined(separator: ", ") + ", \"k3\": 0}") }
    }

    @Test(
        "syntax errors say where",
        arguments: [
            #"[1]"#, #"{"a": }"#, #"{"a": 1,}"#, #"{"a": "x}"#, #"{"a": 1} trailing"#, #"{"a": tru}"#, #"{"a": "\q"}"#,
            #"{"a": "\ud800"}"#, #"{"a": "\udc00"}"#, #"{"a": "\ud800\u0041"}"#, #"{"a": 01}"#, #"{"a": 1.}"#, #"{"a": 1e}"#,
            "{\"a\": \"tab\tin a string\"}",
        ])
    func errors(text: String) {
        #expect(throws: JSONLineParser.SyntaxError.self) { try parse(text) }
    }

    @Test("strings that are not valid UTF-8 are refused, whatever their escapes")
    func invalidUTF8() {
        let cases: [[UInt8]] = [
            [0xC3], [0xC3, 0x5C, 0x6E], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x5C, 0x6E, 0x80], [0xF4, 0x90, 0x80, 0x80],
        ]
        for bytes in cases {
            var line = Array(#"{"a": "xxxxxxxxxx"#.utf8) + bytes + Array(#"yy"}"#.utf8)
            let scratch = JSONScratch()
            defer { scratch.deallocate() }
            #expect(throws: JSONLineParser.SyntaxError.self, "\(bytes)") {
                try line.withUnsafeMutableBytes { raw in
                    var parser = JSONLineParser(UnsafeRawBufferPointer(raw), scratch: scratch)
                    try parser.parseObject { _, _ in }
                }
            }
        }
    }
}

@Suite("Gzip")
struct GzipTests {
    /// Python's `gzip.compress(b"hello ", mtime=0) + gzip.compress(b"world\n", mtime=0)`.
    static let twoMembers: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0x00, 0x00, 0xf6, 0xf9,
        0x81,
        0xed, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x2b, 0xcf, 0x2f, 0xca, 0x49,
        0xe1,
        0x02, 0x00, 0xa8, 0x61, 0x38, 0xdd, 0x06, 0x00, 0x00, 0x00,
    ]

    @Test("concatenated gzip members decompress as one stream")
    func members() throws {
        let source = try GzipSource(MemorySource(bytes: Self.twoMembers, name: "x.gz", piece: 5))
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4)
        while true {
            let count = try buffer.withUnsafeMutableBytes { raw in
                Result { () throws(IngestError) -> Int in try source.read(into: raw) }
            }.get()
            if count == 0 { break }
            out += buffer[0..<count]
        }
        #expect(String(decoding: out, as: UTF8.self) == "hello world\n")
    }

    @Test("a truncated gzip stream is an error")
    func truncated() throws {
        let source = try GzipSource(MemorySource(bytes: Array(Self.twoMembers.prefix(15)), name: "x.gz"))
        var buffer = [UInt8](repeating: 0, count: 64)
        #expect(throws: IngestError.self) {
            while try buffer.withUnsafeMutableBytes({ raw in
                Result { () throws(IngestError) -> Int in try source.read(into: raw) }
            }).get() > 0 {}
        }
    }
}

@Suite("Duplicate tracker")
struct DuplicateTrackerTests {
    @Test(
        "repeats are found in memory and after spilling to disk and re-splitting, first occurrence kept",
        arguments: [1 << 20, 64, 5])
    func duplicates(budget: Int) throws {
        let tracker = DuplicateTracker(budget: budget)
        // 3,000 distinct fingerprints spread over all partitions, then three repeats.
        var fingerprints: [Fingerprint] = []
        var state: UInt64 = 1
        for _ in 0..<3000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            fingerprints.append(Fingerprint(high: state, low: state ^ 0x5555))
        }
        for (line, fingerprint) in fingerprints.enumerated() {
            try tracker.add(
                fingerprint: fingerprint, location: DuplicateTracker.location(file: 0, line: line + 2), contribution: Int32(line))
        }
        try tracker.add(fingerprint: fingerprints[10], location: DuplicateTracker.location(file: 1, line: 7), contribution: 9001)
        try tracker.add(
            fingerprint: fingerprints[2999], location: DuplicateTracker.location(file: 1, line: 9), contribution: 9002)
        try tracker.add(fingerprint: fingerprints[10], location: DuplicateTracker.location(file: 1, line: 12), contribution: 9003)
        var found: [DuplicateTracker.Duplicate] = []
        try tracker.forEachDuplicate { found.append($0) }
        found.sort { $0.location < $1.location }
        #expect(found.map(\.contribution) == [9001, 9002, 9003])
        #expect(found.map { DuplicateTracker.place($0.firstLocation).line } == [12, 3001, 12])
        #expect(found.map { DuplicateTracker.place($0.location).file } == [1, 1, 1])
    }
}

@Suite("Values")
struct ValuesTests {
    private func with<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var copy = text
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    @Test("booleans in their spellings; anything else is unreadable")
    func booleans() {
        for text in ["true", "TRUE", " yes ", "1", "Y", "t"] { #expect(with(text, Values.boolean) == true, "\(text)") }
        for text in ["false", "No", "0", "n", "F", ""] { #expect(with(text, Values.boolean) == false, "\(text)") }
        for text in ["maybe", "2", "truee", "yes!"] { #expect(with(text, Values.boolean) == nil, "\(text)") }
    }

    @Test("severities P0, P1, P2 in either case")
    func severities() {
        #expect(with("P0", Values.severity) == .p0 && with(" p2 ", Values.severity) == .p2)
        #expect(with("P3", Values.severity) == nil && with("P", Values.severity) == nil && with("high", Values.severity) == nil)
    }

    @Test("the fingerprint hash depends on every byte and on the length")
    func hash() {
        let a = with("session-1", Values.hash)
        #expect(a == with("session-1", Values.hash))
        #expect(
            a != with("session-2", Values.hash) && a != with("session-1 ", Values.hash)
                && with("", Values.hash) != with("\0", Values.hash))
    }
}

@Suite("CSV reader: the 64-byte scan")
struct CSVBlockScanTests {
    /// A field of `length` bytes drawn from `alphabet` by a fixed generator.
    private static func field(_ length: Int, _ alphabet: [String], _ state: inout UInt64) -> String {
        var text = ""
        for _ in 0..<length {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text += alphabet[Int(state >> 33) % alphabet.count]
        }
        return text
    }

    /// RFC 4180 encoding: quoted when the field holds a comma, a quote or a line break.
    private static func encode(_ field: String) -> String {
        field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    @Test(
        "records of every length and shape read back field for field, with ASCII told apart",
        arguments: ["\n", "\r\n"])
    func roundTrip(lineEnd: String) throws {
        // Fields 0–150 bytes long, so that commas, line ends, quotes and non-ASCII bytes fall at
        // every offset of the 64-byte blocks, in the first block of a record and later ones.
        let plain = ["a", "b", "7", " ", "-", ":"]
        let special = plain + [",", "\"", "é", "\n", "\r"]
        var state: UInt64 = 42
        var expected: [[String]] = []
        var text = ""
        for record in 0..<600 {
            let count = 1 + record % 9
            var fields: [String] = []
            for index in 0..<count {
                let length = (record * 7 + index * 13) % 151
                fields.append(Self.field(length, record % 3 == 0 ? special : plain, &state))
            }
            // A non-empty first field: an empty record would be an empty line, which is skipped.
            if fields[0].isEmpty { fields[0] = "x" }
            expected.append(fields)
            text += fields.map(Self.encode).joined(separator: ",") + lineEnd
        }
        let reader = CSVReader(MemorySource(text, piece: 4093))
        var got: [[String]] = []
        var ascii: [Bool] = []
        while try reader.next() {
            got.append((0..<reader.fieldCount).map { reader.string($0) })
            ascii.append(reader.recordIsASCII)
        }
        #expect(got == expected)
        #expect(ascii == expected.map { $0.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } } })
    }
}
