/// Where a value sits inside a model value, named as its file writes it: `intents[2].knowledge_coverage`.
///
/// A path is a list of mapping keys and list indices. It names the problem in a ``ModelError``; a
/// file reader maps it back to a line and column.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    /// One step of a path.
    public enum Component: Hashable, Sendable {
        /// A mapping key, such as `intents` or `knowledge_coverage`.
        case key(String)
        /// A 0-based list index.
        case index(Int)
    }

    /// The steps, outermost first.
    public var components: [Component]

    /// Creates a path from its steps.
    ///
    /// - Parameter components: The steps, outermost first.
    public init(_ components: [Component] = []) { self.components = components }

    /// The empty path: the whole value.
    public static let root = FieldPath()

    /// Whether this is the whole value.
    public var isEmpty: Bool { components.isEmpty }

    /// This path followed by a mapping key.
    ///
    /// - Parameter key: The key.
    /// - Returns: The longer path.
    public func key(_ key: String) -> FieldPath { FieldPath(components + [.key(key)]) }

    /// This path followed by a list index.
    ///
    /// - Parameter index: The 0-based index.
    /// - Returns: The longer path.
    public func index(_ index: Int) -> FieldPath { FieldPath(components + [.index(index)]) }

    /// This path followed by `other`.
    ///
    /// - Parameter other: A path relative to this one.
    /// - Returns: The longer path.
    public func appending(_ other: FieldPath) -> FieldPath { FieldPath(components + other.components) }

    /// Whether `prefix` is this path or one of its ancestors.
    ///
    /// - Parameter prefix: A possible ancestor.
    /// - Returns: `true` when this path starts with every step of `prefix`.
    public func hasPrefix(_ prefix: FieldPath) -> Bool { components.starts(with: prefix.components) }

    /// The path without its last step (the root stays the root).
    public var parent: FieldPath { FieldPath(Array(components.dropLast())) }

    /// `intents[2].knowledge_coverage`.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

/// A problem with a model value (a scenario, a distribution, a severity split): where it is, as a
/// key path, and what was found and what was expected.
///
/// The description reads `intents[2].knowledge_coverage: 1.3 is not a probability; expected a
/// number from 0 to 1`; a file reader adds the file, line and column in front.
public struct ModelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is (empty: the value itself).
    public var path: FieldPath
    /// What was found and what was expected.
    public var message: String

    /// Creates a problem.
    ///
    /// - Parameters:
    ///   - path: Where it is, relative to the value checked.
    ///   - message: What was found and what was expected.
    public init(_ path: FieldPath = .root, _ message: String) {
        self.path = path
        self.message = message
    }

    /// The same problem, seen from a value that holds this one at `prefix`.
    ///
    /// - Parameter prefix: Where the checked value sits in the larger one.
    /// - Returns: The problem with `prefix` in front of its path.
    public func prefixed(by prefix: FieldPath) -> ModelError { ModelError(prefix.appending(path), message) }

    /// `path: message`, or the message alone for the value itself.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Every problem found in one value, reported together.
public struct ModelErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems, in the order they were found.
    public var errors: [ModelError]

    /// Wraps a list of problems.
    ///
    /// - Parameter errors: The problems.
    public init(_ errors: [ModelError]) { self.errors = errors }

    /// One problem a line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

extension Double {
    /// The number as a person writes it: `3` rather than `3.0`, otherwise Swift's shortest form
    /// that reads back to the same value.
    package var shown: String {
        self == rounded() && Swift.abs(self) < 1e15 ? String(Int(self)) : "\(self)"
    }
}
