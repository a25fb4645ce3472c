import Foundation
import SextantModel
import Testing

@testable import SextantIngest

/// Regression tests of what fuzzing found (docs/fuzzing.md), one per finding.
@Suite("fuzz findings")
struct FuzzFindingTests {
    /// Found by the gate-policy target (a timeout): every unknown key was compared with every
    /// allowed key by edit distance for its "did you mean", at |key| × |allowed key| steps and an
    /// allocation per step's row, so a file of long unknown keys took minutes. Keys whose length
    /// alone rules them out are no longer compared.
    @Test("a policy of 3,000 unknown keys of 1,000 characters: each refused with its error, in well under a second each")
    func longUnknownKeys() throws {
        var text = "version: 1\n"
        for index in 0..<3000 { text += "? " + String(repeating: "k", count: 1000) + "\(index)\n: 1\n" }
        let clock = ContinuousClock()
        var problems: [IngestError] = []
        let elapsed = clock.measure {
            do {
                _ = try GatePolicyFile.parse(text, file: "p.yaml")
            } catch let error as IngestErrors {
                problems = error.errors
            } catch {}
        }
        #expect(problems.filter { $0.description.contains("unknown key; expected one of") }.count == 3000)
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }

    @Test("did you mean: the closest allowed key within a third of the word's length, none for a word far from all")
    func closest() {
        let keys = GatePolicyFile.keys
        #expect(YAMLReader.closest("confidance", in: keys) == "confidence")
        #expect(YAMLReader.closest("CONFIDENCE ", in: keys) == "confidence")
        #expect(YAMLReader.closest("xyz", in: keys) == nil)
        #expect(YAMLReader.closest(String(repeating: "confidence", count: 100_000), in: keys) == nil)
        #expect(YAMLReader.editDistance("kitten", "sitting") == 3)
        #expect(YAMLReader.editDistance("", "abc") == 3 && YAMLReader.editDistance("flaw", "lawn") == 2)
    }
}
