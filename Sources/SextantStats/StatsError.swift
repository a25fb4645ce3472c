/// Why a statistical computation could not give an answer.
///
/// Invalid arguments are reported here rather than trapping, so that a command-line tool can turn
/// them into a message for its user.
public enum StatsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An argument is outside the function's domain; the text names it, its value and what is allowed.
    case invalidArgument(String)
    /// A GSL routine reported a failure that no fallback could recover.
    case gsl(GSLError)
    /// An iterative method did not reach its tolerance within its iteration limit.
    case noConvergence(String)

    /// The message for the user.
    public var description: String {
        switch self {
        case .invalidArgument(let text): text
        case .gsl(let error): "GSL error: \(error)"
        case .noConvergence(let text): "no convergence: \(text)"
        }
    }
}

/// Checks that a confidence level lies strictly between 0 and 1.
func validateConfidence(_ confidence: Double) throws(StatsError) {
    guard confidence > 0, confidence < 1 else {
        throw .invalidArgument("confidence \(confidence) is not between 0 and 1 (exclusive); use e.g. 0.95")
    }
}

/// Checks a count and a total of trials: 0 ≤ count ≤ total ≤ 2^53 (integers exact as `Double`).
func validateCounts(count: Int, total: Int) throws(StatsError) {
    guard total >= 0 else { throw .invalidArgument("total \(total) is negative; expected a count of sessions ≥ 0") }
    guard count >= 0 else { throw .invalidArgument("count \(count) is negative; expected 0 ≤ count ≤ total") }
    guard count <= total else { throw .invalidArgument("count \(count) exceeds total \(total); expected 0 ≤ count ≤ total") }
    guard total <= maximumTotal else {
        throw .invalidArgument("total \(total) exceeds 2^53 = \(maximumTotal), the largest count held exactly")
    }
}

/// The largest total of trials the statistics layer accepts: 2^53, below which every integer is an
/// exact `Double`.
public let maximumTotal = 1 << 53
