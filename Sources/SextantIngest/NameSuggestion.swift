/// The "did you mean" of a name that matches none of the known ones, by the rule an unknown key
/// of a YAML file is answered with: for a change's intent that no intent of the log has.
public enum NameSuggestion {
    /// The known name closest to `name` by edit distance, ignoring case, when it is close: at
    /// most a third of the name's length away (at least 2).
    ///
    /// - Parameters:
    ///   - name: the name that matched none.
    ///   - names: the known names.
    /// - Returns: the closest of them; nil when none is close.
    public static func closest(to name: String, among names: [String]) -> String? {
        YAMLReader.closest(name, in: names)
    }
}
