import CGSL

/// An error reported by a GNU GSL routine: its status code and the routine that returned it.
///
/// The message is GSL's own, from `gsl_strerror`, so it reads the same as GSL's documentation.
public struct GSLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The GSL status code (`GSL_EDOM`, `GSL_EMAXITER`, …).
    public let code: Int32
    /// The GSL routine that reported the status, e.g. `gsl_sf_beta_inc_e`.
    public let routine: String

    /// GSL's description of the status code.
    public var message: String { String(cString: gsl_strerror(code)) }

    /// The routine, GSL's message and the status code.
    public var description: String { "\(routine): \(message) (GSL status \(code))" }
}

/// The one gateway to GSL: every call goes through here so that GSL's abort-on-error handler is
/// off before the first call and every status is checked.
enum GSL {
    /// `GSL_SUCCESS`, which the C enum imports as `Int`.
    static let success = Int32(GSL_SUCCESS)
    /// `GSL_EUNDRFLW`: the result underflowed; its value (0 or subnormal) is still the answer.
    static let underflow = Int32(GSL_EUNDRFLW)

    /// Switches GSL's default error handler (which calls `abort()`) off, exactly once.
    private static let configured: Void = {
        gsl_set_error_handler_off()
    }()

    /// Call before any GSL routine that is not reached through one of the checked wrappers below.
    @inline(__always)
    static func configure() { _ = configured }

    /// Runs a GSL `_e` routine and returns its value, or throws its status as a ``GSLError``
    /// (wrapped in ``StatsError/gsl(_:)``); a NaN result counts as a failure, an underflow as
    /// its (zero or subnormal) value.
    @inline(__always)
    static func call(
        _ routine: StaticString, _ body: (UnsafeMutablePointer<gsl_sf_result>) -> Int32
    ) throws(StatsError) -> Double {
        configure()
        var result = gsl_sf_result(val: 0, err: 0)
        let status = body(&result)
        if status == underflow { return result.val }  // a value below the smallest double: 0 or subnormal
        guard status == success, !result.val.isNaN else {
            let code = status == success ? Int32(GSL_EFAILED) : status
            throw .gsl(GSLError(code: code, routine: "\(routine)"))
        }
        return result.val
    }

    // MARK: Special functions, checked

    /// Regularized incomplete beta function I_x(a, b) (`gsl_sf_beta_inc_e`).
    static func betaInc(_ a: Double, _ b: Double, _ x: Double) throws(StatsError) -> Double {
        try call("gsl_sf_beta_inc_e") { gsl_sf_beta_inc_e(a, b, x, $0) }
    }

    /// Gauss's hypergeometric function ₂F₁(a, b; c; x) (`gsl_sf_hyperg_2F1_e`).
    static func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ x: Double) throws(StatsError) -> Double {
        try call("gsl_sf_hyperg_2F1_e") { gsl_sf_hyperg_2F1_e(a, b, c, x, $0) }
    }

    /// ln B(a, b) (`gsl_sf_lnbeta_e`).
    static func lnBeta(_ a: Double, _ b: Double) throws(StatsError) -> Double {
        try call("gsl_sf_lnbeta_e") { gsl_sf_lnbeta_e(a, b, $0) }
    }

    /// ln Γ*(x), the log of Γ(x) / (√(2π) x^(x−½) e^(−x)): Stirling's correction (`gsl_sf_gammastar_e`).
    static func lnGammaStar(_ x: Double) throws(StatsError) -> Double {
        let g = try call("gsl_sf_gammastar_e") { gsl_sf_gammastar_e(x, $0) }
        return try call("gsl_sf_log_1plusx_e") { gsl_sf_log_1plusx_e(g - 1, $0) }
    }

    /// ln(1 + x) (`gsl_sf_log_1plusx_e`).
    static func log1p(_ x: Double) throws(StatsError) -> Double {
        try call("gsl_sf_log_1plusx_e") { gsl_sf_log_1plusx_e(x, $0) }
    }

    /// ln(1 + x) − x (`gsl_sf_log_1plusx_mx_e`), accurate for small x.
    static func log1pMinusX(_ x: Double) throws(StatsError) -> Double {
        try call("gsl_sf_log_1plusx_mx_e") { gsl_sf_log_1plusx_mx_e(x, $0) }
    }

    /// ln erfc(x) (`gsl_sf_log_erfc_e`).
    static func logErfc(_ x: Double) throws(StatsError) -> Double {
        try call("gsl_sf_log_erfc_e") { gsl_sf_log_erfc_e(x, $0) }
    }

    /// e^x − 1 (`gsl_sf_expm1_e`), accurate for small x.
    static func expm1(_ x: Double) throws(StatsError) -> Double {
        try call("gsl_sf_expm1_e") { gsl_sf_expm1_e(x, $0) }
    }

    /// ln x (`gsl_sf_log_e`).
    static func log(_ x: Double) throws(StatsError) -> Double {
        try call("gsl_sf_log_e") { gsl_sf_log_e(x, $0) }
    }

    /// e^x (`gsl_sf_exp_e`); underflow gives 0 rather than an error.
    static func exp(_ x: Double) throws(StatsError) -> Double {
        if x < GSL_LOG_DBL_MIN { return 0 }
        return try call("gsl_sf_exp_e") { gsl_sf_exp_e(x, $0) }
    }

    // MARK: Normal distribution

    /// The standard normal upper-tail quantile: z with Q(z) = q (`gsl_cdf_ugaussian_Qinv`).
    static func normalUpperQuantile(_ q: Double) -> Double {
        configure()
        return gsl_cdf_ugaussian_Qinv(q)
    }

    /// The standard normal upper tail Q(z) = P(Z > z) (`gsl_cdf_ugaussian_Q`).
    static func normalUpperTail(_ z: Double) -> Double {
        configure()
        return gsl_cdf_ugaussian_Q(z)
    }
}
