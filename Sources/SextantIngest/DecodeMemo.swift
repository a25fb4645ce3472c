/// The contributions of the distinct rows a chunk of a CSV log has decoded, keyed by the bytes of
/// every field but the session id and the start: a log repeats a few thousand combinations of
/// workflow, intent, channel, tags, issues, review and reason over millions of sessions, and a row
/// that repeats one, byte for byte, decodes to the same contribution but for its week
/// (``SessionDecoder/decode(_:repeating:)``). A repeat then costs a hash and a comparison of those
/// bytes, in place, instead of their decoding.
///
/// The key is the stretch of the record from the first of those fields to the last, quotes and
/// commas included: parsed from a field start, the same bytes make the same fields. So the memo
/// is used when the id and the start are the first or last fields of the log (as exports put
/// them), not between the others. Only rows that decoded without an error are remembered: a row
/// that matches one is valid but for its id and start, which are read as before. The memo keeps at
/// most ``limit`` combinations, and stops looking when fewer than half the rows of a chunk's first
/// ``trial`` are repeats (a column of free text, or of ids).
final class DecodeMemo {
    /// The most combinations remembered.
    static let limit = 4096
    /// The rows after which a memo that found too few repeats stops looking.
    static let trial = 4096

    /// The first and last field of the key.
    private let first: Int
    private let last: Int
    private let keys = Interner(limit: limit, validatesUTF8: false, keepsNames: false)
    /// The contribution of each key's rows, by the key's id; nil until one decodes.
    @exclusivity(unchecked) private var contributions: [Contribution?] = []
    /// The id of the key of the row last looked up; -1 when there is none to remember.
    @exclusivity(unchecked) private var current = -1
    @exclusivity(unchecked) private var lookups = 0
    /// The rows found to repeat a remembered one.
    @exclusivity(unchecked) private(set) var repeats = 0
    /// Whether rows are looked up: the layout allows it, and the trial found enough repeats.
    @exclusivity(unchecked) private(set) var enabled: Bool

    /// A memo for a log of `fields` fields with `layout`.
    init(_ layout: ColumnLayout, fields: Int) {
        let apart = [layout.index(of: .sessionID), layout.index(of: .startedAt)].filter { $0 >= 0 }
        var first = 0
        var last = fields - 1
        while apart.contains(first) { first += 1 }
        while apart.contains(last) { last -= 1 }
        self.first = first
        self.last = last
        enabled = first <= last && apart.allSatisfy { $0 < first || $0 > last }
    }

    /// The contribution of an earlier row whose key is that of `reader`'s current record; nil when
    /// there is none (call ``remember(_:)`` once the row decodes).
    @inline(__always)
    func find(_ reader: CSVReader) -> Contribution? {
        current = -1
        guard enabled else { return nil }
        if lookups == Self.trial, repeats * 2 < lookups {
            enabled = false
            return nil
        }
        // (Keys are bytes, not text: the interner takes any.)
        let id = Int(keys.id(reader.rawFields(first, last))!)
        if id == contributions.count { contributions.append(nil) }
        current = id
        lookups += 1
        guard let earlier = contributions[id] else { return nil }
        repeats += 1
        return earlier
    }

    /// Remembers the contribution of the row last looked up, which decoded.
    @inline(__always)
    func remember(_ contribution: Contribution) {
        guard current >= 0, current < Self.limit else { return }
        contributions[current] = contribution
    }
}
