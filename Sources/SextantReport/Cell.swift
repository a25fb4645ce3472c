import SextantModel

/// One cell of a ``Table``: a value with its unit and precision, not a preformatted string.
///
/// A cell has two written forms. People read ``display`` (terminal and Markdown: `74.0%`,
/// `12,345`, `59.7–85.4%`); programs read ``exact`` (CSV: `0.74`, `12345`), in which a single
/// number is written in its shortest round-tripping form so that nothing is lost, and a cell that
/// holds more than one number (an interval, a target range, a fraction) keeps its display form.
/// Neither form is escaped: each renderer escapes text for its medium in one place.
public indirect enum Cell: Hashable, Sendable {
    /// Text from the report or the data: a name, a method, a note.
    case text(String)
    /// A whole number written without separators in both forms (a week number, a count in a
    /// machine-like table).
    case integer(Int)
    /// A count of things, with thousands separators for people (`12,345`) and without for programs.
    case count(Int)
    /// `count / total` (`37 / 50`).
    case fraction(count: Int, total: Int)
    /// A proportion shown as a percentage with `decimals` decimals (`74.0%`); `nil` or not finite
    /// is no data (`–` for people, empty for programs, which get the proportion itself).
    case percent(Double?, decimals: Int)
    /// An interval of proportions shown as percentages (`59.7–85.4%`); `–` when a bound is missing.
    case interval(lower: Double?, upper: Double?, decimals: Int)
    /// A target range, each end as a compact percentage (`72.5%–85%`).
    case targetRange(TargetRange)
    /// An upper limit on a proportion (`≤ 0.10%`), such as an issue-rate ceiling.
    case atMost(Double, decimals: Int)
    /// A difference in percentage points with its sign, one decimal unless told (`+2.4 pp`,
    /// `+0.012 pp`); programs get the number.
    case points(Double?, decimals: Int = 1)
    /// A range of differences in percentage points with their signs (`-0.12 to +0.30 pp`), such
    /// as the 5–95 % band of a lift; `–` when a bound is missing.
    case pointsRange(lower: Double?, upper: Double?, decimals: Int)
    /// A plain number at a given precision; programs get the shortest round-tripping form.
    case number(Double?, Precision)
    /// A verdict (`met`, `below`…); `nil` is not judged (`–` for people, empty for programs).
    case verdict(Verdict?)
    /// A cell followed by a note for people (`0.10%, zero tolerance`); programs get the note too.
    case noted(Cell, String)

    /// How a plain ``number(_:_:)`` is written for people.
    public enum Precision: Hashable, Sendable {
        /// A fixed count of decimals.
        case decimals(Int)
        /// Six significant digits, as C's `%.6g` (`0.596552`, `3.68888e-07`).
        case significant
        /// The shortest form that reads back as the same `Double` (`0.74`, `1e-07`).
        case shortest
    }

    /// The cell as people read it, in a terminal or in Markdown; `–` for no data.
    public var display: String {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .count(let value): Format.count(value)
        case .fraction(let count, let total): "\(Format.count(count)) / \(Format.count(total))"
        case .percent(let value, let decimals): Format.percent(value, decimals: decimals)
        case .interval(let lower, let upper, let decimals): Format.percentRange(lower, upper, decimals: decimals)
        case .targetRange(let range): Format.compactPercent(range.floor) + "–" + Format.compactPercent(range.ceiling)
        case .atMost(let value, let decimals): "≤ " + Format.percent(value, decimals: decimals)
        case .points(let value, let decimals): Format.points(value, decimals: decimals)
        case .pointsRange(let lower, let upper, let decimals): Format.pointsRange(lower, upper, decimals: decimals)
        case .number(let value, .decimals(let decimals)): Format.decimal(value, decimals)
        case .number(let value, .significant): Format.significant(value)
        case .number(let value, .shortest): Format.exact(value).isEmpty ? "–" : Format.exact(value)
        case .verdict(let verdict): verdict?.rawValue ?? "–"
        case .noted(let cell, let note): cell.display + ", " + note
        }
    }

    /// The cell as programs read it, in CSV: a single number exact and without separators, empty
    /// for no data; cells that hold several numbers as they are displayed.
    public var exact: String {
        switch self {
        case .text(let text): text
        case .integer(let value), .count(let value): String(value)
        case .percent(let value, _), .points(let value, _), .number(let value, _): Format.exact(value)
        case .verdict(let verdict): verdict?.rawValue ?? ""
        case .noted(let cell, let note): cell.exact + ", " + note
        case .fraction, .interval, .pointsRange, .targetRange, .atMost: display
        }
    }

    /// Whether the cell holds a value that is not text, so that a renderer may treat its leading
    /// `-` or `+` as a sign rather than as the start of a spreadsheet formula.
    public var isNumeric: Bool {
        switch self {
        case .text, .noted: false
        default: true
        }
    }
}

extension Cell {
    /// What a metric is judged against, as people read it: a ``targetRange(_:)`` (`80%–90%`), an
    /// ``atMost(_:decimals:)`` ceiling (`≤ 0.10%`), or `–` when the metric is not judged.
    ///
    /// - Parameters:
    ///   - target: the target; nil when the metric is not judged.
    ///   - decimals: decimals of a ceiling's percentage.
    public init(_ target: MetricTarget?, decimals: Int = 2) {
        switch target {
        case .range(let range): self = .targetRange(range)
        case .ceiling(let ceiling, _): self = .atMost(ceiling, decimals: decimals)
        case nil: self = "–"
        }
    }
}

extension Cell: ExpressibleByStringLiteral {
    /// A ``text(_:)`` cell from a literal.
    ///
    /// - Parameter value: the text.
    public init(stringLiteral value: String) { self = .text(value) }
}
