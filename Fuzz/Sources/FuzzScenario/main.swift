import Foundation
import FuzzSupport
import SextantIngest

// Every input parsed as a scenario file.
exit(Fuzz.run { bytes in Fuzz.parseYAML(bytes) { try ScenarioFile.parse($0, file: "fuzz.yaml") } })
