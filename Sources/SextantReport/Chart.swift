import Foundation
import SextantModel

/// A chart of proportions: estimates with their intervals, against the band a target allows.
///
/// Four shapes cover the reports: ``Kind-swift.enum/estimates`` places one mark per label (a rate
/// and its confidence interval, or a simulated mean and its 5–95 % band) beside the band of its
/// target; ``Kind-swift.enum/series`` joins the points of each series over an ordered axis (weeks),
/// the interval drawn as a ribbon (a fan chart when it is a simulated 5–95 % band), with the
/// series' control limits when it has them (a p-chart: SextantModel's `ControlLimits`);
/// ``Kind-swift.enum/bars`` draws changes as bars from zero (a tornado chart of lifts);
/// ``Kind-swift.enum/shares`` draws shares of a whole as ranked bars from zero with their
/// intervals (a Pareto chart of handoff reasons). Text renderers show a chart as its ``table`` or
/// skip it; ``HTMLRenderer`` draws it as SVG above that table, so that every number drawn is also
/// written. Values are proportions from 0 to 1, or for bars differences of proportions from −1
/// to 1.
public struct Chart: Hashable, Sendable {
    /// How the points are laid out.
    public enum Kind: Hashable, Sendable {
        /// One mark with whiskers per point, against its target's band; points of a series need
        /// no order.
        case estimates
        /// Points in axis order joined by a line, intervals as a ribbon, the target as a band and
        /// control limits (when a point has them) as dashed steps around the series' centre line;
        /// each series is drawn in a panel of its own.
        case series
        /// One horizontal bar per point, from zero to its value (a change, such as a lever's
        /// lift: left of zero when negative), its interval as whiskers, in the order given — ranked
        /// points make a tornado chart. Shown as text, values are signed percentage points.
        case bars
        /// One horizontal bar per point, from zero to its share of a whole, its interval as
        /// whiskers, in the order given (largest first makes a Pareto chart); the table adds the
        /// cumulative share.
        case shares
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
        /// The lower control limit at this point (a p-chart's centre − 3 standard errors); nil for none.
        public var controlLower: Double?
        /// The upper control limit at this point (a p-chart's centre + 3 standard errors); nil for none.
        public var controlUpper: Double?

        /// A point.
        ///
        /// - Parameters:
        ///   - label: the point's place on the axis.
        ///   - value: the estimate, nil for no data.
        ///   - lower: the interval's lower bound, nil for none.
        ///   - upper: the interval's upper bound, nil for none.
        ///   - target: the target it is judged against, nil when not judged.
        ///   - controlLower: the lower control limit, nil for none.
        ///   - controlUpper: the upper control limit, nil for none.
        public init(
            _ label: String, value: Double?, lower: Double? = nil, upper: Double? = nil, target: MetricTarget? = nil,
            controlLower: Double? = nil, controlUpper: Double? = nil
        ) {
            self.label = label
            self.value = value
            self.lower = lower
            self.upper = upper
            self.target = target
            self.controlLower = controlLower
            self.controlUpper = controlUpper
        }

        /// Whether the value lies outside its control limits (a signal that the process changed,
        /// not noise); false without limits or without a value.
        public var outsideControlLimits: Bool {
            guard let value else { return false }
            return (controlLower.map { value < $0 } ?? false) || (controlUpper.map { value > $0 } ?? false)
        }
    }

    /// A named set of points, such as one metric's.
    public struct Series: Hashable, Sendable {
        /// The series' name, such as a metric's label.
        public var name: String
        /// The points, in axis order.
        public var points: [Point]
        /// The centre line of a control chart (the pooled rate over the points); nil for none.
        public var centre: Double?

        /// A series.
        ///
        /// - Parameters:
        ///   - name: the series' name.
        ///   - points: the points, in axis order.
        ///   - centre: the centre line of a control chart, nil for none.
        public init(_ name: String, points: [Point], centre: Double? = nil) {
            self.name = name
            self.points = points
            self.centre = centre
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
    /// The values the value axis spans whatever the points (0...1 for probabilities, so that a
    /// flat 0 % reads as none); nil to fit the axis to the points.
    public var axisRange: ClosedRange<Double>?

    /// A chart.
    ///
    /// - Parameters:
    ///   - title: the chart's title.
    ///   - kind: how the points are laid out.
    ///   - axis: what the labels are.
    ///   - interval: what the intervals are.
    ///   - decimals: decimals of the percentages shown as text.
    ///   - series: the series, drawn in order.
    ///   - axisRange: the values the value axis spans; nil to fit it to the points.
    public init(
        _ title: String, kind: Kind, axis: String, interval: String, decimals: Int = 1, series: [Series],
        axisRange: ClosedRange<Double>? = nil
    ) {
        self.title = title
        self.kind = kind
        self.axis = axis
        self.interval = interval
        self.decimals = decimals
        self.series = series
        self.axisRange = axisRange
    }

    private var points: [Point] { series.flatMap(\.points) }
    /// Whether any point has an interval bound.
    var hasIntervals: Bool { points.contains { $0.lower != nil || $0.upper != nil } }
    /// Whether any point has a target.
    var hasTargets: Bool { points.contains { $0.target != nil } }
    /// Whether any point has a control limit.
    var hasControlLimits: Bool { points.contains { $0.controlLower != nil || $0.controlUpper != nil } }

    /// The chart as a table, one row per point: series, label, value, and the interval when a
    /// point has one; the target when a point has one (bars and shares have none); the cumulative
    /// share for shares; the centre line, control limits and whether the point is outside them
    /// when a point has limits. Every number the chart draws is in it.
    public var table: Table {
        var columns: [Table.Column] = [.init("series"), .init(axis), .init("value", .right)]
        if hasIntervals { columns.append(.init(interval, .right)) }
        let targets = hasTargets && (kind == .estimates || kind == .series)
        if targets { columns.append(.init("target", .right)) }
        if kind == .shares { columns.append(.init("cumulative", .right)) }
        if hasControlLimits { columns += [.init("centre", .right), .init("control limits", .right), .init("signal")] }
        var rows: [[Cell]] = []
        for series in series {
            var cumulative = 0.0
            for point in series.points {
                var row: [Cell] = [.text(series.name), .text(point.label)]
                if kind == .bars {
                    row.append(.points(point.value.map { $0 * 100 }, decimals: decimals))
                    if hasIntervals {
                        row.append(
                            .pointsRange(
                                lower: point.lower.map { $0 * 100 }, upper: point.upper.map { $0 * 100 }, decimals: decimals))
                    }
                } else {
                    row.append(.percent(point.value, decimals: decimals))
                    if hasIntervals { row.append(.interval(lower: point.lower, upper: point.upper, decimals: decimals)) }
                }
                if targets { row.append(Cell(point.target, decimals: decimals)) }
                if kind == .shares {
                    cumulative += point.value ?? 0
                    row.append(.percent(cumulative, decimals: decimals))
                }
                if hasControlLimits {
                    row += [
                        .percent(series.centre, decimals: decimals),
                        .interval(lower: point.controlLower, upper: point.controlUpper, decimals: decimals),
                        .text(point.outsideControlLimits ? "outside the limits" : ""),
                    ]
                }
                rows.append(row)
            }
        }
        return Table(columns: columns, rows: rows)
    }
}
