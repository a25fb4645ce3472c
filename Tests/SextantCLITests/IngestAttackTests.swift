import Foundation
import Testing

/// `sextant report` on inputs built to break it, end to end: each defect's reproduction exits 2
/// with a message that names the place, or reads as it should — never a crash, a hang or an
/// allocation that grows with the attack.
@Suite("sextant report on hostile logs (end to end)")
struct IngestAttackTests {
    /// A fresh folder holding `files` (name → contents).
    private func folder(_ files: [String: String] = [:]) throws -> URL {
        let folder = try CLI.temporaryDirectory()
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder
    }

    @Test("counts that add up past 2^53 stop at the row that crosses the bound, not with a trap", arguments: [1023, 1024, 4096])
    func countsOverflow(rows: Int) throws {
        let text =
            "sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n"
            + String(repeating: "9007199254740992,0,0,0,0,0,0,0\n", count: rows)
        let result = try CLI.run(["report", "c.csv", "--input-format", "counts"], in: folder(["c.csv": text]))
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr.hasPrefix("sextant: error: c.csv:3: with this row the counts add up to more than 2^53"),
            "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error") && result.stdout.isEmpty)
    }

    @Test("a split into more than 10,000 segments stops at the session of the 10,001st, for any dimension")
    func tooManySegments() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 1800, month: 1, day: 6))!
        var lines = ["session_id,tags,intent,started_at"]
        for i in 0...10_000 {
            let day = calendar.dateComponents([.year, .month, .day], from: start.addingTimeInterval(Double(i) * 7 * 86_400))
            let date = String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
            lines.append("s\(i),t\(i),i\(i),\(date)")
        }
        let dir = try folder(["d.csv": lines.joined(separator: "\n") + "\n"])
        for dimension in ["intent", "tag", "week"] {
            let result = try CLI.run(["report", "d.csv", "--by", dimension, "--quiet"], in: dir)
            #expect(result.status == 2 && result.stdout.isEmpty)
            #expect(
                result.stderr.hasPrefix("sextant: error: d.csv:10002: splitting by \(dimension) gives more than 10,000 segments"),
                "\(result.stderr)")
        }
        try (lines.dropLast().joined(separator: "\n") + "\n").write(
            to: dir.appendingPathComponent("fits.csv"), atomically: true, encoding: .utf8)
        let fits = try CLI.run(["report", "fits.csv", "--by", "intent", "--quiet", "--format", "json"], in: dir)
        #expect(fits.status == 0, "\(fits.stderr)")
        #expect((try CLI.json(fits.stdout)["segments"] as? [Any])?.count == 10_000)
    }

    @Test("two ids that collided under the old 64-bit fingerprint are two sessions")
    func collidingIDs() throws {
        let dir = try folder(["collide.csv": "session_id,tags\nsessAAAA00D00000,\nqJomTEI1iXXJQB2f,sys_human_help\n"])
        for extra in [[], ["--skip-invalid"]] {
            let result = try CLI.run(["report", "collide.csv", "--format", "json"] + extra, in: dir)
            #expect(result.status == 0, "\(result.stderr)")
            let json = try CLI.json(result.stdout)
            #expect(json["sessions"] as? Int == 2 && json["invalid_rows"] as? Int == 0)
        }
    }

    @Test("the same log given twice, by one path or two, is refused up front")
    func sameFileTwice() throws {
        let dir = try folder(["big.csv": "session_id,tags\ns1,\ns2,\n"])
        try FileManager.default.createSymbolicLink(
            at: dir.appendingPathComponent("link.csv"), withDestinationURL: dir.appendingPathComponent("big.csv"))
        let twice = try CLI.run(["report", "big.csv", "big.csv", "--skip-invalid"], in: dir)
        #expect(
            twice.status == 2 && twice.stderr == "sextant: error: big.csv is given twice; expected each log once\n",
            "\(twice.stderr)")
        let linked = try CLI.run(["report", "big.csv", "link.csv"], in: dir)
        #expect(
            linked.status == 2 && linked.stderr.contains("link.csv is given twice (as big.csv and link.csv)"), "\(linked.stderr)")
    }

    @Test("repeated sessions are skipped and counted, with the earliest as examples")
    func manyDuplicates() throws {
        let rows = 100_000
        var text = "session_id,tags\n"
        for i in 0..<rows { text += "s\(i),\n" }
        let dir = try folder(["a.csv": text, "b.csv": text])
        let result = try CLI.run(["report", "a.csv", "b.csv", "--skip-invalid", "--format", "json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        #expect(json["sessions"] as? Int == rows && json["invalid_rows"] as? Int == rows)
        let examples = json["invalid_row_examples"] as? [String] ?? []
        #expect(examples.first == "b.csv:2: session_id repeats the session at a.csv:2; expected each session once")
        #expect(examples.count == 5 && examples.last?.hasPrefix("b.csv:6: ") == true)
    }

    @Test("endless input stops with an error once a line passes 16 MiB, in every format", arguments: ["csv", "jsonl", "counts"])
    func endless(format: String) throws {
        let result = try CLI.shell("timeout 120 \"$SEXTANT\" report /dev/zero --input-format \(format); echo \"status $?\"")
        #expect(result.stdout.hasSuffix("status 2\n"), "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("/dev/zero:1: the line runs past 16 MiB"), "\(result.stderr)")
    }

    @Test("skipping invalid rows, a log that turns into endless bytes still stops")
    func endlessWhenSkipping() throws {
        let result = try CLI.shell(
            "(printf 'session_id,tags\\ns1,\\n'; cat /dev/zero) | timeout 120 \"$SEXTANT\" report - --input-format csv --skip-invalid;"
                + " echo \"status $?\"")
        #expect(result.stdout.hasSuffix("status 2\n"), "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("-:3: the line runs on past 256 MiB without a line break"), "\(result.stderr)")
    }

    @Test("a mapping file is read from a FIFO, and one past 1 MiB is refused")
    func mappingFile() throws {
        let dir = try folder(["log.csv": "session_id,labels\ns1,sys_human_help\n"])
        let fifo = try CLI.shell(
            "mkfifo m.fifo && (printf 'tags=labels\\n' > m.fifo &) && \"$SEXTANT\" report log.csv --map-file m.fifo --format json",
            in: dir)
        #expect(fifo.status == 0, "\(fifo.stderr)")
        #expect(try CLI.json(fifo.stdout)["sessions"] as? Int == 1)
        try String(repeating: "# padding\n", count: 110_000).write(
            to: dir.appendingPathComponent("big.txt"), atomically: true, encoding: .utf8)
        let big = try CLI.run(["report", "log.csv", "--map-file", "big.txt"], in: dir)
        #expect(big.status == 2 && big.stderr.contains("big.txt: the mapping file is longer than 1 MiB"), "\(big.stderr)")
    }

    @Test(
        "ambiguous columns are errors naming them",
        arguments: [
            (["--map", "tags=labels,tags=other"], "--map: tags is mapped twice, to \"labels\" and to \"other\""),
            (["--map", "tags=session_id"], "the export column \"session_id\" would be read as both session_id and tags"),
        ])
    func ambiguous(arguments: [String], message: String) throws {
        let dir = try folder(["log.csv": "session_id,labels,other\ns1,x,y\n"])
        let result = try CLI.run(["report", "log.csv"] + arguments, in: dir)
        #expect(result.status == 2 && result.stderr.contains(message), "\(result.stderr)")
        let counts = "Sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue,sessions\n1,0,0,0,0,0,0,0,2\n"
        let header = try CLI.run(["report", "c.csv", "--input-format", "counts"], in: folder(["c.csv": counts]))
        #expect(header.status == 2 && header.stderr.contains("c.csv:1: the column \"sessions\" appears 2 times"))
    }

    @Test("JSON Lines: a byte-order mark is skipped; a reason that is a number is an error at its key")
    func jsonLines() throws {
        let dir = try folder([
            "bom.jsonl": "\u{FEFF}{\"session_id\": \"a\", \"tags\": null}\n",
            "reason.jsonl": "{\"session_id\": \"a\", \"tags\": [], \"handoff_reason\": 5}\n",
        ])
        let bom = try CLI.run(["report", "bom.jsonl", "--format", "json"], in: dir)
        #expect(bom.status == 0, "\(bom.stderr)")
        #expect(try CLI.json(bom.stdout)["sessions"] as? Int == 1)
        let reason = try CLI.run(["report", "reason.jsonl"], in: dir)
        #expect(
            reason.status == 2
                && reason.stderr
                    == "sextant: error: reason.jsonl:1:51: key \"handoff_reason\": found a number; expected a string\n",
            "\(reason.stderr)")
    }

    @Test("weeks of years before 1000 are labelled with four digits; year 0000 is an error at its place")
    func weeks() throws {
        let dir = try folder([
            "old.csv": "session_id,tags,started_at\na,,0001-01-01\nb,,0999-06-01\nc,,2026-03-30\n",
            "zero.csv": "session_id,tags,started_at\na,,0000-01-01\n",
        ])
        let old = try CLI.run(["report", "old.csv", "--by", "week", "--format", "json"], in: dir)
        let keys = (try CLI.json(old.stdout)["segments"] as? [[String: Any]] ?? []).map {
            ($0["key"] as? [String: Any])?["week"] as? String
        }
        #expect(keys == ["0001-W01", "0999-W22", "2026-W14"])
        let zero = try CLI.run(["report", "zero.csv", "--by", "week"], in: dir)
        #expect(
            zero.status == 2 && zero.stderr.hasPrefix("sextant: error: zero.csv:2:4: column \"started_at\": found \"0000-01-01\"")
        )
    }

    @Test("values spelled like placeholders stay apart from missing values; JSON gives missing ones as null")
    func placeholders() throws {
        let dir = try folder(["p.csv": "session_id,tags,intent\na,,(none)\nb,,\nc,,(none)\n"])
        let result = try CLI.run(["report", "p.csv", "--by", "intent", "--format", "json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let segments = try CLI.json(result.stdout)["segments"] as? [[String: Any]] ?? []
        #expect(segments.count == 2)
        #expect(segments.map { ($0["key"] as? [String: Any])?["intent"] is NSNull } == [true, false])
        #expect(segments.map { $0["sessions"] as? Int } == [1, 2])
        #expect((segments.last?["key"] as? [String: Any])?["intent"] as? String == "(none)")
    }
}
