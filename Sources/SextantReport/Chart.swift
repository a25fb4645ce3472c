import SextantModel

/// A chart of proportions: estimates with their intervals, against the band a target allows.
///
/// Three shapes cover the reports: ``Kind-swift.enum/estimates`` places one mark per label (a rate
/// and its confidence interval, or a simulated mean and its 5–95 % band) beside the band of its
/// target; ``Kind-swift.enum/series`` joins the points of each series over an ordered axis (weeks), the
/// interval drawn as a ribbon; ``Kind-swift.enum/bars`` draws changes as bars from zero (a tornado
/// chart of lifts). Text renderers show a chart as its ``table`` or skip it; a drawing renderer
/// (HTML/SVG) draws it. Values are proportions from 0 to 1, or for bars differences of
/// proportions from −1 to 1.
public struct Chart: Hashable, Sendable {
    /// How the points are laid out.
    public enum Kind: Hashable, Sendable {
        /// One mark with whiskers per point; points of a series need no order.
        case estimates
        /// Points in axis order joined by a line, intervals as a ribbon.
        case series
        /// One horizontal bar per point, from zero to its value (a change, such as a lever's
        /// lift: left of zero when negative), its interval as whiskers, in the order given — ranked
        /// points make a tornado chart. Shown as text, values are signed percentage points.
        case bars
    }

    /// What a text renderer makes of a chart.
    public enum TextStyle: Hashable, Sendable {
        /// Charts are left out (the tables beside them carry the same figures).
        case skip
        /// Each chart is shown as its ``Chart/table``, under its title.
        case table
    }

    /// One estimate: where it sits on the axis, its value and its interval.
    public struct Point: Hashable, Sendable {
        /// The point's place on the axis: a week, a segment, `all`.
        public var label: String
        /// The estimate; nil for no data.
        public var value: Double?
        /// The interval's lower bound; nil for none.
        public var lower: Double?
        /// The interval's upper bound; nil for none.
        public var upper: Double?
        /// The target this estimate is judged against (drawn as a band); nil when it is not judged.
        public var target: MetricTarget?

        /// A point.
        ///
        /// - Parameters:
        ///   - label: the point's place on the axis.
        ///   - value: the estimate, nil for no data.
        ///   - lower: the interval's lower bound, nil for none.
        ///   - upper: the interval's upper bound, nil for none.
        ///   - target: the target it is judged against, nil when not judged.
        public init(_ label: String, value: Double?, lower: Double? = nil, upper: Double? = nil, target: MetricTarget? = nil) {
            self.label = label
            self.value = value
            self.lower = lower
            self.upper = upper
            self.target = target
        }
    }

    /// A named set of points, such as one metric's.
    public struct Series: Hashable, Sendable {
        /// The series' name, such as a metric's label.
        public var name: String
        /// The points, in axis order.
        public var points: [Point]

        /// A series.
        ///
        /// - Parameters:
        ///   - name: the series' name.
        ///   - points: the points, in axis order.
        public init(_ name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    /// The chart's title.
    public var title: String
    /// How the points are laid out.
    public var kind: Kind
    /// What the axis of labels is (`week`, `metric`, `segment`).
    public var axis: String
    /// What the interval is (`95% wilson interval`, `5%–95%`).
    public var interval: String
    /// Decimals of the percentages when the chart is shown as text.
    public var decimals: Int
    /// The series, drawn in order.
    public var series: [Series]

    /// A chart.
    ///
    /// - Parameters:
    ///   - title: the chart's title.
    ///   - kind: how the points are laid out.
    ///   - axis: what the labels are.
    ///   - interval: what the intervals are.
    ///   - decimals: decimals of the percentages shown as text.
    ///   - series: the series, drawn in order.
    public init(_ title: String, kind: Kind, axis: String, interval: String, decimals: Int = 1, series: [Series]) {
        self.title = title
        self.kind = kind
        self.axis = axis
        self.interval = interval
        self.decimals = decimals
        self.series = series
    }

    /// The chart as a table, one row per point: series, label, value, interval and target (bars,
    /// which show changes, have no target).
    public var table: Table {
        Table(
            columns: [
                .init("series"), .init(axis), .init("value", .right), .init(interval, .right),
            ] + (kind == .bars ? [] : [.init("target", .right)]),
            rows: series.flatMap { series in
                series.points.map { point -> [Cell] in
                    guard kind == .bars else {
                        return [
                            .text(series.name), .text(point.label), .percent(point.value, decimals: decimals),
                            .interval(lower: point.lower, upper: point.upper, decimals: decimals),
                            Cell(point.target, decimals: decimals),
                        ]
                    }
                    return [
                        .text(series.name), .text(point.label), .points(point.value.map { $0 * 100 }, decimals: decimals),
                        .pointsRange(
                            lower: point.lower.map { $0 * 100 }, upper: point.upper.map { $0 * 100 }, decimals: decimals),
                    ]
                }
            })
    }
}
